/* SPDX-License-Identifier: MIT */
/*
 * klog.h - kernel log records: parsing of /dev/kmsg records, dmesg text and
 * journalctl -k output, and the classifier of rpmsg-related messages.
 */
#ifndef RB_KLOG_H
#define RB_KLOG_H

/*
 * Entry point of `rpmsg-bench klog FILE...`; argv[0] is "klog".
 * Returns the process exit status: 0 nothing rpmsg-related failed,
 * 1 failure messages found, 2 usage or input error.
 */
int rb_klog_main(int argc, char **argv);

#endif /* RB_KLOG_H */
