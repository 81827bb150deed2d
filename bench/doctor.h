/* SPDX-License-Identifier: MIT */
/*
 * doctor.h - `rpmsg-bench doctor`: find and explain what stops rpmsg from
 * working, on the running system (under a configurable root for /sys, /proc
 * and /dev) or offline on a copied device tree and a saved kernel log.
 *
 * Findings carry a stable id (documented in docs/doctor.md); tests compare
 * ids, never the prose.
 */
#ifndef RB_DOCTOR_H
#define RB_DOCTOR_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

enum rb_doctor_sev {
	RB_DOC_INFO = 0, /* worth knowing, not a problem */
	RB_DOC_WARN,	 /* works, but not as intended (e.g. a cooked tty) */
	RB_DOC_ERROR,	 /* stops rpmsg from working or loses messages */
};

struct rb_finding {
	char id[40]; /* stable id, e.g. "dt-rpmsg-disabled" */
	enum rb_doctor_sev sev;
	char subject[200]; /* what it is about: a DT path, a sysfs device, a file */
	char message[700]; /* what is wrong and why it matters */
	char fix[600];	   /* what to do about it */
};

struct rb_doctor_opts {
	const char *root; /* prefix of /sys, /proc, /dev, /lib/firmware; NULL = "/" */
	const char *dt;	  /* device tree (directory or .dtb); NULL = <root>/proc/device-tree */
	const char *log;  /* saved kernel log; NULL = <root>/dev/kmsg (with system) */
	bool system;	  /* check sysfs/procfs/dev under root (off for offline use) */
};

struct rb_doctor {
	struct rb_finding *f;
	size_t n, cap;
	char dt_source[256];  /* what DT was read ("" = none) */
	char log_source[256]; /* what log was read ("" = none) */
};

/*
 * Run every check that @o makes possible and collect the findings in @d
 * (zeroed by the caller; release with rb_doctor_release). Returns 0, or
 * -errno when an input named explicitly in @o (dt, log) cannot be read or
 * parsed, or -ENOMEM.
 */
int rb_doctor_check(const struct rb_doctor_opts *o, struct rb_doctor *d);

/* Free the findings of @d (not @d itself). */
void rb_doctor_release(struct rb_doctor *d);

/* Number of findings of at least severity @min. */
size_t rb_doctor_count(const struct rb_doctor *d, enum rb_doctor_sev min);

/* Whether finding @id is in @d. */
bool rb_doctor_has(const struct rb_doctor *d, const char *id);

/* The findings as a new JSON object ({"healthy", "errors", "warnings", "findings": [...]}). */
json_t *rb_doctor_json(const struct rb_doctor *d);

/*
 * Entry point of `rpmsg-bench doctor [--root DIR] [--dt DIR|FILE.dtb]
 * [--log FILE] [--json]`; argv[0] is "doctor". Returns the process exit
 * status: 0 healthy, 1 problems found (a warning or an error), 2 usage or
 * input error.
 */
int rb_doctor_main(int argc, char **argv);

#endif /* RB_DOCTOR_H */
