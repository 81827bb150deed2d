/* SPDX-License-Identifier: MIT */
/*
 * klog.h - kernel log records: parsing of /dev/kmsg records, `dmesg` text
 * (with or without timestamps), `journalctl -k` output, and the classifier
 * of rpmsg-related kernel messages.
 *
 * Every function here works on caller storage and never allocates, so the
 * parser and the classifier can run inside the benchmark's event loop.
 * Record format and semantics: Documentation/ABI/testing/dev-kmsg and
 * kernel/printk/printk.c (Linux 6.1); message texts: the drivers named in
 * the classifier table in klog.c.
 */
#ifndef RB_KLOG_H
#define RB_KLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/* Longest message text kept (CONSOLE_EXT_LOG_MAX, include/linux/printk.h). */
#define RB_KLOG_TEXT_MAX 8192

/* Classes of rpmsg-related kernel messages; names in rb_klog_class_name(). */
enum rb_klog_class {
	RB_KLOG_NONE = 0,	   /* not rpmsg-related */
	RB_KLOG_KICK_FAILURE,	   /* <x>_kick: failed (vqid, err:E), mbox send failure */
	RB_KLOG_MBOX_QUEUE_FULL,   /* Try increasing MBOX_TX_QUEUE_LEN */
	RB_KLOG_MBOX_MISSING,	   /* No initialized mbox tx channel */
	RB_KLOG_TX_BUFFER_TIMEOUT, /* timeout waiting for a tx buffer */
	RB_KLOG_MSG_TOO_BIG,	   /* message is too big (N) */
	RB_KLOG_NO_RECIPIENT,	   /* msg received with no recipient */
	RB_KLOG_INBOUND_TOO_BIG,   /* inbound msg too big: (N, M) */
	RB_KLOG_VQ_ADD_FAILED,	   /* virtqueue_add_outbuf failed / add a virtqueue buffer */
	RB_KLOG_HOST_ONLINE,	   /* rpmsg host is online */
	RB_KLOG_CHANNEL_CREATED,   /* creating channel NAME addr 0xA */
	RB_KLOG_CHANNEL_DESTROYED, /* destroying channel NAME addr 0xA */
	RB_KLOG_CHANNEL_ERROR,	   /* malformed ns msg, rpmsg_create_channel failed, ... */
	RB_KLOG_CHANNEL_DUPLICATE, /* channel N:S:D already exist (a repeated announcement) */
	RB_KLOG_SEND_FAILED,	   /* rpmsg_send failed: E */
	RB_KLOG_TTY_CHANNEL,	   /* NXP tty: new channel: 0xS -> 0xD! */
	RB_KLOG_TTY_INSTALLED,	   /* NXP tty: Install rpmsg tty driver! */
	RB_KLOG_TTY_RX_NOMEM,	   /* NXP tty: No memory for tty_prepare_flip_string */
	RB_KLOG_TTY_RX_TRUNC,	   /* mainline tty: Trunc buffer: available space is N */
	RB_KLOG_TTY_RX_COPY,	   /* old NXP tty: RX copy to tty layer failed */
	RB_KLOG_TTY_ERROR,	   /* tty driver could not be installed or registered */
	RB_KLOG_RPROC_UP,	   /* remote processor X is now up */
	RB_KLOG_RPROC_ATTACHED,	   /* remote processor X is now attached */
	RB_KLOG_RPROC_STOPPED,	   /* stopped / detached remote processor X */
	RB_KLOG_RPROC_CRASHED,	   /* crash detected in X: type T */
	RB_KLOG_RPROC_RECOVERING,  /* recovering X / handling crash #N in X */
	RB_KLOG_RPROC_BOOT_FAILED, /* Boot failed: E, can't start rproc X: E, request_firmware */
	RB_KLOG_NO_VRING_BUFFER,   /* legacy imx_rpmsg: No vring buffer. */
	RB_KLOG_MEM_TOO_SMALL,	   /* legacy imx_rpmsg: Too small memory size X! */
	RB_KLOG_PROBE_FAILED,	   /* probe of X failed with error E (rpmsg/rproc drivers) */
	RB_KLOG_NO_TXDB,	   /* NXP lf-5.10 imx_rproc: No txdb, ret E (benign) */
	RB_KLOG_CLASS_COUNT
};

/* How bad a class is: what `rpmsg-bench klog` and doctor count as a problem. */
enum rb_klog_severity {
	RB_KLOG_INFO = 0, /* normal life cycle (channel created, rproc up) */
	RB_KLOG_WARN,	  /* degraded but working (no recipient, truncation) */
	RB_KLOG_FAIL,	  /* rpmsg broken or messages lost/delayed */
};

/* Bits of rb_klog_fields.mask: which members a pattern filled in. */
enum {
	RB_KF_VQID = 1u << 0,
	RB_KF_ERR = 1u << 1,
	RB_KF_LEN = 1u << 2,  /* a size (message too big, trunc space) */
	RB_KF_LEN2 = 1u << 3, /* a second size (inbound msg too big: buf size) */
	RB_KF_SRC = 1u << 4,
	RB_KF_DST = 1u << 5,
	RB_KF_ADDR = 1u << 6,
	RB_KF_NAME = 1u << 7, /* channel, rproc, device or driver name */
	RB_KF_TYPE = 1u << 8, /* crash type */
};

/* Values a classifier pattern extracted from a message text. */
struct rb_klog_fields {
	unsigned int mask; /* RB_KF_* of the members set */
	long long vqid, err, len, len2, src, dst, addr;
	char name[64]; /* truncated if longer */
	char type[32];
};

/* Where a parsed record came from. */
enum rb_klog_format {
	RB_KLOG_FMT_KMSG = 0, /* /dev/kmsg record: prio,seq,ts,flag;text */
	RB_KLOG_FMT_DMESG,    /* dmesg: "[   12.345678] text" */
	RB_KLOG_FMT_DMESG_T,  /* dmesg -t or any plain text line */
	RB_KLOG_FMT_JOURNAL,  /* journalctl -k: "Mon DD HH:MM:SS host kernel: text" */
};

/* One kernel log record. */
struct rb_klog_rec {
	enum rb_klog_format format;
	int prio;      /* (facility << 3) | level; -1 when the format has none */
	uint64_t seq;  /* kmsg sequence number; valid when has_seq */
	int64_t ts_us; /* kernel timestamp (local_clock) in us; -1 when unknown */
	bool has_seq;
	bool cont;	    /* kmsg flag 'c': continuation fragment */
	char caller[16];    /* "T123" / "C0" with CONFIG_PRINTK_CALLER, else "" */
	char subsystem[32]; /* SUBSYSTEM= dictionary value, else "" */
	char device[64];    /* DEVICE= dictionary value, else "" */
	size_t text_len;
	char text[RB_KLOG_TEXT_MAX]; /* unescaped message text, NUL-terminated */
};

/*
 * Parse one /dev/kmsg record "prio,seq,ts_usec,flag[,more];text\n" followed
 * by continuation lines " KEY=VALUE\n" (dev-kmsg ABI); \xNN escapes in the
 * text are decoded (a decoded NUL becomes '?' so text stays a C string).
 * @buf/@len: the bytes one read() returned (need not be NUL-terminated).
 * Returns 0, or -EINVAL when the header is malformed (rec is then undefined).
 */
int rb_klog_parse_kmsg(const char *buf, size_t len, struct rb_klog_rec *rec);

/*
 * Parse one line of a saved kernel log, whichever of the formats of
 * enum rb_klog_format it is in (detected per line). @line need not be
 * NUL-terminated and must not contain the newline. Continuation lines of a
 * raw kmsg dump (" KEY=VALUE") are reported as -EAGAIN so that the caller
 * can skip them. Returns 0, -EAGAIN (dictionary line), or -ENODATA for an
 * empty line or a journal line that is not from the kernel.
 */
int rb_klog_parse_line(const char *line, size_t len, struct rb_klog_rec *rec);

/*
 * Classify a message text (as in rb_klog_rec.text). @f may be NULL; when
 * given it receives the fields the matching pattern extracts (mask 0 when
 * none). Returns the class, RB_KLOG_NONE when no pattern matches.
 */
enum rb_klog_class rb_klog_classify(const char *text, struct rb_klog_fields *f);

/*
 * Classify a record in sequence: like rb_klog_classify(), and a
 * "rpmsg_create_channel failed" right after "channel ... already exist" is
 * part of the same repeated announcement (rpmsg_ns.c logs both for one
 * duplicate; seen in the test VM), so it gets RB_KLOG_CHANNEL_DUPLICATE too.
 * @prev holds the class of the previous record; it is updated.
 */
enum rb_klog_class rb_klog_classify_next(enum rb_klog_class *prev, const char *text,
					 struct rb_klog_fields *f);

/* Stable snake_case name of a class, used as JSON key ("kick_failure"). */
const char *rb_klog_class_name(enum rb_klog_class cls);

/* Severity of a class (see enum rb_klog_severity). */
enum rb_klog_severity rb_klog_class_severity(enum rb_klog_class cls);

/*
 * The extracted fields as a new JSON object ({"vqid": 1, "err": -62}); only
 * the members set in @f->mask. Returns NULL when jansson cannot allocate.
 */
json_t *rb_klog_fields_json(const struct rb_klog_fields *f);

/* Number of patterns in the classifier table, and row @i for tests/doc. */
size_t rb_klog_pattern_count(void);
/* Returns the pattern of row @i ("%w_kick: failed (%d, err:%d)") and its class. */
const char *rb_klog_pattern(size_t i, enum rb_klog_class *cls);

/*
 * Entry point of `rpmsg-bench klog [--json] FILE...` and `klog [--json] --kmsg
 * [--root DIR]` (the running kernel's log through kmsg.c); argv[0] is
 * "klog"; FILE "-" is standard input. Prints per-class counts and the
 * matching lines. Returns the process exit status: 0 no failure-class
 * message found, 1 failure-class messages found, 2 usage or input error.
 */
int rb_klog_main(int argc, char **argv);

/*
 * Classify a saved log file and add what was found to @counts (indexed by
 * class, RB_KLOG_CLASS_COUNT entries). @cb, when not NULL, is called for
 * each rpmsg-related record. Used by `klog` and by `doctor --log`.
 * Returns the number of records read, or -errno when the file cannot be
 * opened or read.
 */
typedef void (*rb_klog_cb)(void *ctx, const struct rb_klog_rec *rec, enum rb_klog_class cls,
			   const struct rb_klog_fields *f);
int rb_klog_scan_file(const char *path, unsigned long *counts, rb_klog_cb cb, void *ctx);

#endif /* RB_KLOG_H */
