/* SPDX-License-Identifier: MIT */
/*
 * klog.c - kernel log record parsing and the rpmsg message classifier.
 *
 * The classifier is a table of patterns in a tiny matching language, not a
 * regex engine: literal text, and conversions that capture a value:
 *   %d  optional '-' and decimal digits     %x  hex digits (the "0x" is literal)
 *   %w  [A-Za-z0-9_]+                        %s  non-space characters
 *   %r  the rest of the text (may be empty)
 * A pattern matches anywhere in the text; %w and %s backtrack so that
 * "%w_kick:" finds "imx_rproc" in "imx_rproc_kick:". Every string comes from
 * the driver cited next to its row (Linux 6.1 unless noted).
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "klog.h"
#include "kmsg.h"

/* What a capture of a pattern is stored as. */
enum fv {
	FV_NONE = 0,
	FV_VQID,
	FV_ERR,
	FV_LEN,
	FV_LEN2,
	FV_SRC,
	FV_DST,
	FV_ADDR,
	FV_NAME,
	FV_TYPE
};

#define MAX_CAPS 4

struct pattern {
	enum rb_klog_class cls;
	const char *pat;
	unsigned char slot[MAX_CAPS]; /* enum fv per capture, in order */
	bool rpmsg_filter;	      /* only when the text names an rpmsg/rproc device or driver */
};

/*
 * The classifier table. Order matters only where two rows could match the
 * same text: the first matching row wins.
 */
static const struct pattern patterns[] = {
	/* drivers/remoteproc/imx_rproc.c imx_rproc_kick(): "%s: failed (%d, err:%d)" with
	 * __func__; other transports (e.g. the test VM's) print "<name>_kick: failed" alike. */
	{RB_KLOG_KICK_FAILURE, "%w_kick: failed (%d, err:%d)", {FV_NAME, FV_VQID, FV_ERR}, false},
	/* drivers/remoteproc/st_remoteproc.c st_rproc_kick() */
	{RB_KLOG_KICK_FAILURE, "failed to send message via mbox: %d", {FV_ERR}, false},
	/* drivers/mailbox/mailbox.c add_to_rbuf(): queue of MBOX_TX_QUEUE_LEN (20) full */
	{RB_KLOG_MBOX_QUEUE_FULL, "Try increasing MBOX_TX_QUEUE_LEN", {0}, false},
	/* drivers/remoteproc/imx_rproc.c imx_rproc_kick() without a "tx" channel */
	{RB_KLOG_MBOX_MISSING, "No initialized mbox tx channel", {0}, false},
	/* drivers/rpmsg/virtio_rpmsg_bus.c rpmsg_send_offchannel_raw() */
	{RB_KLOG_TX_BUFFER_TIMEOUT, "timeout waiting for a tx buffer", {0}, false},
	{RB_KLOG_MSG_TOO_BIG, "message is too big (%d)", {FV_LEN}, false},
	{RB_KLOG_SEND_FAILED, "invalid addr (src 0x%x, dst 0x%x)", {FV_SRC, FV_DST}, false},
	{RB_KLOG_VQ_ADD_FAILED, "virtqueue_add_outbuf failed: %d", {FV_ERR}, false},
	{RB_KLOG_VQ_ADD_FAILED, "failed to add a virtqueue buffer: %d", {FV_ERR}, false},
	/* virtio_rpmsg_bus.c rpmsg_recv_single() */
	{RB_KLOG_NO_RECIPIENT, "msg received with no recipient", {0}, false},
	{RB_KLOG_INBOUND_TOO_BIG, "inbound msg too big: (%d, %d)", {FV_LEN, FV_LEN2}, false},
	/* virtio_rpmsg_bus.c rpmsg_probe() */
	{RB_KLOG_HOST_ONLINE, "rpmsg host is online", {0}, false},
	/* drivers/rpmsg/rpmsg_ns.c (6.1) / virtio_rpmsg_bus.c (older): "%sing channel %s addr 0x%x"
	 */
	{RB_KLOG_CHANNEL_CREATED, "creating channel %s addr 0x%x", {FV_NAME, FV_ADDR}, false},
	{RB_KLOG_CHANNEL_DESTROYED, "destroying channel %s addr 0x%x", {FV_NAME, FV_ADDR}, false},
	{RB_KLOG_CHANNEL_ERROR, "malformed ns msg (%d)", {FV_LEN}, false},
	{RB_KLOG_CHANNEL_ERROR, "rpmsg_create_channel failed", {0}, false},
	{RB_KLOG_CHANNEL_ERROR, "rpmsg_destroy_channel failed: %d", {FV_ERR}, false},
	{RB_KLOG_CHANNEL_ERROR, "failed to create the ns ept", {0}, false},
	/* a repeated name-service announcement of an existing channel */
	{RB_KLOG_CHANNEL_DUPLICATE, "channel %s already exist", {FV_NAME}, false},
	/* drivers/rpmsg/rpmsg_ctrl.c RPMSG_CREATE_DEV / RELEASE_DEV */
	{RB_KLOG_CHANNEL_ERROR, "failed to create %s channel", {FV_NAME}, false},
	{RB_KLOG_CHANNEL_ERROR, "failed to release %s channel (%d)", {FV_NAME, FV_ERR}, false},
	/* NXP imx_rpmsg_tty.c (dev_err) and drivers/tty/rpmsg_tty.c (dev_dbg) */
	{RB_KLOG_SEND_FAILED, "rpmsg_send failed: %d", {FV_ERR}, false},
	/* NXP imx_rpmsg_tty.c rpmsg_tty_probe() */
	{RB_KLOG_TTY_CHANNEL, "new channel: 0x%x -> 0x%x!", {FV_SRC, FV_DST}, false},
	/* drivers/tty/rpmsg_tty.c rpmsg_tty_probe() (debug level) */
	{RB_KLOG_TTY_CHANNEL, "New channel: 0x%x -> 0x%x: ttyRPMSG%d", {FV_SRC, FV_DST}, false},
	{RB_KLOG_TTY_INSTALLED, "Install rpmsg tty driver!", {0}, false},
	/* NXP imx_rpmsg_tty.c rpmsg_tty_cb() */
	{RB_KLOG_TTY_RX_NOMEM, "No memory for tty_prepare_flip_string", {0}, false},
	/* drivers/tty/rpmsg_tty.c rpmsg_tty_cb() */
	{RB_KLOG_TTY_RX_TRUNC, "Trunc buffer: available space is %d", {FV_LEN}, false},
	/* old 4.x NXP imx_rpmsg_tty.c */
	{RB_KLOG_TTY_RX_COPY, "RX copy to tty layer failed", {0}, false},
	{RB_KLOG_TTY_ERROR, "Couldn't install rpmsg tty driver: ret %d", {FV_ERR}, false},
	{RB_KLOG_TTY_ERROR, "Couldn't install driver: %d", {FV_ERR}, true},
	{RB_KLOG_TTY_ERROR, "Couldn't register driver: %d", {FV_ERR}, true},
	/* drivers/remoteproc/remoteproc_core.c */
	{RB_KLOG_RPROC_UP, "remote processor %s is now up", {FV_NAME}, false},
	{RB_KLOG_RPROC_ATTACHED, "remote processor %s is now attached", {FV_NAME}, false},
	{RB_KLOG_RPROC_STOPPED, "stopped remote processor %s", {FV_NAME}, false},
	{RB_KLOG_RPROC_STOPPED, "detached remote processor %s", {FV_NAME}, false},
	{RB_KLOG_RPROC_CRASHED, "crash detected in %s: type %r", {FV_NAME, FV_TYPE}, false},
	{RB_KLOG_RPROC_RECOVERING, "handling crash #%d in %s", {FV_NONE, FV_NAME}, true},
	{RB_KLOG_RPROC_RECOVERING, "recovering %s", {FV_NAME}, true},
	{RB_KLOG_RPROC_BOOT_FAILED, "can't start rproc %s: %d", {FV_NAME, FV_ERR}, false},
	{RB_KLOG_RPROC_BOOT_FAILED, "request_firmware failed: %d", {FV_ERR}, true},
	{RB_KLOG_RPROC_BOOT_FAILED, "Failed to load program segments: %d", {FV_ERR}, true},
	{RB_KLOG_RPROC_BOOT_FAILED, "Failed to process resources: %d", {FV_ERR}, true},
	/* remoteproc_sysfs.c state_store() "start" */
	{RB_KLOG_RPROC_BOOT_FAILED, "Boot failed: %d", {FV_ERR}, true},
	/* drivers/remoteproc/imx_rproc.c imx_rproc_start() */
	{RB_KLOG_RPROC_BOOT_FAILED, "Failed to enable remote core!", {0}, true},
	/* NXP drivers/rpmsg/imx_rpmsg.c (legacy) probe */
	{RB_KLOG_NO_VRING_BUFFER, "No vring buffer.", {0}, false},
	{RB_KLOG_MEM_TOO_SMALL, "Too small memory size %x!", {FV_LEN}, false},
	/* drivers/base/dd.c: "%s: probe of %s failed with error %d" (6.1);
	 * newer kernels: "probe with driver %s failed with error %d" */
	{RB_KLOG_PROBE_FAILED, "probe of %s failed with error %d", {FV_NAME, FV_ERR}, true},
	{RB_KLOG_PROBE_FAILED,
	 "probe with driver %s failed with error %d",
	 {FV_NAME, FV_ERR},
	 true},
	/* NXP lf-5.10 imx_rproc.c: optional "txdb" mailbox channel absent (dev_info) */
	{RB_KLOG_NO_TXDB, "No txdb, ret %d", {FV_ERR}, false},
};

static const char *const class_names[RB_KLOG_CLASS_COUNT] = {
	[RB_KLOG_NONE] = "none",
	[RB_KLOG_KICK_FAILURE] = "kick_failure",
	[RB_KLOG_MBOX_QUEUE_FULL] = "mbox_queue_full",
	[RB_KLOG_MBOX_MISSING] = "mbox_missing",
	[RB_KLOG_TX_BUFFER_TIMEOUT] = "tx_buffer_timeout",
	[RB_KLOG_MSG_TOO_BIG] = "message_too_big",
	[RB_KLOG_NO_RECIPIENT] = "no_recipient",
	[RB_KLOG_INBOUND_TOO_BIG] = "inbound_too_big",
	[RB_KLOG_VQ_ADD_FAILED] = "virtqueue_add_failed",
	[RB_KLOG_HOST_ONLINE] = "rpmsg_online",
	[RB_KLOG_CHANNEL_CREATED] = "channel_created",
	[RB_KLOG_CHANNEL_DESTROYED] = "channel_destroyed",
	[RB_KLOG_CHANNEL_ERROR] = "channel_error",
	[RB_KLOG_CHANNEL_DUPLICATE] = "channel_duplicate",
	[RB_KLOG_SEND_FAILED] = "send_failed",
	[RB_KLOG_TTY_CHANNEL] = "tty_channel",
	[RB_KLOG_TTY_INSTALLED] = "tty_installed",
	[RB_KLOG_TTY_RX_NOMEM] = "tty_rx_no_memory",
	[RB_KLOG_TTY_RX_TRUNC] = "tty_rx_truncated",
	[RB_KLOG_TTY_RX_COPY] = "tty_rx_copy_failed",
	[RB_KLOG_TTY_ERROR] = "tty_driver_error",
	[RB_KLOG_RPROC_UP] = "rproc_up",
	[RB_KLOG_RPROC_ATTACHED] = "rproc_attached",
	[RB_KLOG_RPROC_STOPPED] = "rproc_stopped",
	[RB_KLOG_RPROC_CRASHED] = "rproc_crashed",
	[RB_KLOG_RPROC_RECOVERING] = "rproc_recovering",
	[RB_KLOG_RPROC_BOOT_FAILED] = "rproc_boot_failed",
	[RB_KLOG_NO_VRING_BUFFER] = "no_vring_buffer",
	[RB_KLOG_MEM_TOO_SMALL] = "memory_too_small",
	[RB_KLOG_PROBE_FAILED] = "probe_failed",
	[RB_KLOG_NO_TXDB] = "no_txdb",
};

const char *rb_klog_class_name(enum rb_klog_class cls)
{
	if ((unsigned int)cls >= RB_KLOG_CLASS_COUNT)
		return "invalid";
	return class_names[cls];
}

enum rb_klog_severity rb_klog_class_severity(enum rb_klog_class cls)
{
	switch (cls) {
	case RB_KLOG_NONE:
	case RB_KLOG_HOST_ONLINE:
	case RB_KLOG_CHANNEL_CREATED:
	case RB_KLOG_CHANNEL_DESTROYED:
	case RB_KLOG_TTY_CHANNEL:
	case RB_KLOG_TTY_INSTALLED:
	case RB_KLOG_RPROC_UP:
	case RB_KLOG_RPROC_ATTACHED:
	case RB_KLOG_NO_TXDB:
	case RB_KLOG_CHANNEL_DUPLICATE:
		return RB_KLOG_INFO;
	case RB_KLOG_MSG_TOO_BIG:
	case RB_KLOG_NO_RECIPIENT:
	case RB_KLOG_INBOUND_TOO_BIG:
	case RB_KLOG_TTY_RX_TRUNC:
	case RB_KLOG_RPROC_STOPPED:
	case RB_KLOG_RPROC_RECOVERING:
		return RB_KLOG_WARN;
	default:
		return RB_KLOG_FAIL;
	}
}

size_t rb_klog_pattern_count(void)
{
	return sizeof(patterns) / sizeof(patterns[0]);
}

const char *rb_klog_pattern(size_t i, enum rb_klog_class *cls)
{
	if (i >= rb_klog_pattern_count())
		return NULL;
	if (cls)
		*cls = patterns[i].cls;
	return patterns[i].pat;
}

/* ---- matcher ---- */

struct cap {
	const char *p;
	size_t n;
};

static bool is_word(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/*
 * Match pattern @p against text @t (anchored at @t). Captures go to caps[*nc].
 * Recursion depth is bounded by the number of conversions in a pattern (<= 4).
 */
static bool match_here(const char *p, const char *t, struct cap *caps, int nc)
{
	for (;;) {
		if (*p == '\0')
			return true;
		if (p[0] == '%' && p[1] != '\0') {
			char conv = p[1];
			const char *s = t;

			p += 2;
			if (nc >= MAX_CAPS)
				return false;
			switch (conv) {
			case 'd':
			case 'x': {
				int (*digit)(int) = conv == 'd' ? isdigit : isxdigit;

				if (conv == 'd' && *s == '-')
					s++;
				if (!digit((unsigned char)*s))
					return false;
				while (digit((unsigned char)*s))
					s++;
				/* digits are greedy and never need backtracking: the
				 * literal after %d or %x in every row is not a digit */
				caps[nc].p = t;
				caps[nc].n = (size_t)(s - t);
				nc++;
				t = s;
				continue;
			}
			case 'r':
				caps[nc].p = t;
				caps[nc].n = strlen(t);
				return true;
			case 'w':
			case 's': {
				const char *e = s;

				while (*e &&
				       (conv == 'w' ? is_word(*e) : !isspace((unsigned char)*e)))
					e++;
				/* longest first, then shorter: the pattern's next literal
				 * decides where the capture really ends */
				for (; e > s; e--) {
					caps[nc].p = s;
					caps[nc].n = (size_t)(e - s);
					if (match_here(p, e, caps, nc + 1))
						return true;
				}
				return false;
			}
			default:
				return false;
			}
		}
		if (*p != *t)
			return false;
		p++;
		t++;
	}
}

/* Count the conversions of a pattern (they all capture). */
static int count_caps(const char *p)
{
	int n = 0;

	for (; *p; p++)
		if (p[0] == '%' && p[1]) {
			n++;
			p++;
		}
	return n;
}

static bool match_anywhere(const char *pat, const char *text, struct cap *caps)
{
	/* a pattern that starts with a literal can only match where that
	 * character occurs: skip ahead with strchr */
	bool lit = pat[0] != '%';

	for (const char *t = text; *t; t++) {
		if (lit) {
			t = strchr(t, pat[0]);
			if (!t)
				return false;
		}
		if (match_here(pat, t, caps, 0))
			return true;
	}
	return false;
}

static bool contains_ci(const char *hay, const char *needle)
{
	return strcasestr(hay, needle) != NULL;
}

/*
 * probe failures are only ours when the device or driver is an rpmsg,
 * remoteproc, virtio or mailbox one (imx-rpmsg, imx-rproc, rproc-virtio,
 * virtio_rpmsg_bus, imx_mu, ...).
 */
static bool rpmsg_related(const char *text)
{
	static const char *const keys[] = {"rpmsg",  "rproc",  "remoteproc", "virtio", "mailbox",
					   "imx_mu", "imx-mu", "-cm4",	     "-cm7",   "-cm33"};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (contains_ci(text, keys[i]))
			return true;
	return false;
}

static long long cap_num(const struct cap *c, int base)
{
	char buf[32];
	size_t n = c->n < sizeof(buf) - 1 ? c->n : sizeof(buf) - 1;

	memcpy(buf, c->p, n);
	buf[n] = '\0';
	return strtoll(buf, NULL, base);
}

static void cap_str(const struct cap *c, char *dst, size_t size)
{
	size_t n = c->n < size - 1 ? c->n : size - 1;

	memcpy(dst, c->p, n);
	dst[n] = '\0';
}

static void store_caps(const struct pattern *row, const struct cap *caps, int nc,
		       struct rb_klog_fields *f)
{
	for (int i = 0; i < nc && i < MAX_CAPS; i++) {
		const struct cap *c = &caps[i];

		switch ((enum fv)row->slot[i]) {
		case FV_VQID:
			f->vqid = cap_num(c, 10);
			f->mask |= RB_KF_VQID;
			break;
		case FV_ERR:
			f->err = cap_num(c, 10);
			f->mask |= RB_KF_ERR;
			break;
		case FV_LEN:
			/* "Too small memory size %x!" is hex, every other size decimal */
			f->len = cap_num(c, row->cls == RB_KLOG_MEM_TOO_SMALL ? 16 : 10);
			f->mask |= RB_KF_LEN;
			break;
		case FV_LEN2:
			f->len2 = cap_num(c, 10);
			f->mask |= RB_KF_LEN2;
			break;
		case FV_SRC:
			f->src = cap_num(c, 16);
			f->mask |= RB_KF_SRC;
			break;
		case FV_DST:
			f->dst = cap_num(c, 16);
			f->mask |= RB_KF_DST;
			break;
		case FV_ADDR:
			f->addr = cap_num(c, 16);
			f->mask |= RB_KF_ADDR;
			break;
		case FV_NAME:
			cap_str(c, f->name, sizeof(f->name));
			f->mask |= RB_KF_NAME;
			break;
		case FV_TYPE:
			cap_str(c, f->type, sizeof(f->type));
			f->mask |= RB_KF_TYPE;
			break;
		case FV_NONE:
			break;
		}
	}
}

enum rb_klog_class rb_klog_classify(const char *text, struct rb_klog_fields *f)
{
	struct cap caps[MAX_CAPS];

	if (f)
		memset(f, 0, sizeof(*f));
	for (size_t i = 0; i < rb_klog_pattern_count(); i++) {
		const struct pattern *row = &patterns[i];

		if (!match_anywhere(row->pat, text, caps))
			continue;
		if (row->rpmsg_filter && !rpmsg_related(text))
			continue;
		if (f)
			store_caps(row, caps, count_caps(row->pat), f);
		return row->cls;
	}
	return RB_KLOG_NONE;
}

enum rb_klog_class rb_klog_classify_next(enum rb_klog_class *prev, const char *text,
					 struct rb_klog_fields *f)
{
	enum rb_klog_class cls = rb_klog_classify(text, f);

	if (cls == RB_KLOG_CHANNEL_ERROR && *prev == RB_KLOG_CHANNEL_DUPLICATE &&
	    strstr(text, "rpmsg_create_channel failed")) {
		/* one follow-up line per duplicate: the next one stands alone */
		*prev = RB_KLOG_NONE;
		return RB_KLOG_CHANNEL_DUPLICATE;
	}
	*prev = cls;
	return cls;
}

json_t *rb_klog_fields_json(const struct rb_klog_fields *f)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	if (f->mask & RB_KF_VQID)
		json_object_set_new(o, "vqid", json_integer(f->vqid));
	if (f->mask & RB_KF_ERR)
		json_object_set_new(o, "err", json_integer(f->err));
	if (f->mask & RB_KF_LEN)
		json_object_set_new(o, "len", json_integer(f->len));
	if (f->mask & RB_KF_LEN2)
		json_object_set_new(o, "len2", json_integer(f->len2));
	if (f->mask & RB_KF_SRC)
		json_object_set_new(o, "src", json_integer(f->src));
	if (f->mask & RB_KF_DST)
		json_object_set_new(o, "dst", json_integer(f->dst));
	if (f->mask & RB_KF_ADDR)
		json_object_set_new(o, "addr", json_integer(f->addr));
	if (f->mask & RB_KF_NAME)
		json_object_set_new(o, "name", json_string(f->name));
	if (f->mask & RB_KF_TYPE)
		json_object_set_new(o, "type", json_string(f->type));
	return o;
}

/* ---- record parsing ---- */

/* Parse an unsigned decimal at *p (up to end); advances *p. */
static bool parse_u64(const char **p, const char *end, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;

	if (s >= end || !isdigit((unsigned char)*s))
		return false;
	while (s < end && isdigit((unsigned char)*s)) {
		unsigned int d = (unsigned int)(*s - '0');

		if (x > (UINT64_MAX - d) / 10)
			return false;
		x = x * 10 + d;
		s++;
	}
	*p = s;
	*v = x;
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Copy text [s, e) into rec->text, decoding \xNN (printk.c msg_print_ext_body). */
static void set_text(struct rb_klog_rec *rec, const char *s, const char *e, bool unescape)
{
	size_t n = 0;

	while (s < e && n < sizeof(rec->text) - 1) {
		char c = *s++;

		if (unescape && c == '\\' && e - s >= 3 && s[0] == 'x' && hexval(s[1]) >= 0 &&
		    hexval(s[2]) >= 0) {
			c = (char)(hexval(s[1]) << 4 | hexval(s[2]));
			s += 3;
			if (c == '\0')
				c = '?';
		}
		rec->text[n++] = c;
	}
	rec->text[n] = '\0';
	rec->text_len = n;
}

static void rec_clear(struct rb_klog_rec *rec, enum rb_klog_format fmt)
{
	rec->format = fmt;
	rec->prio = -1;
	rec->seq = 0;
	rec->has_seq = false;
	rec->ts_us = -1;
	rec->cont = false;
	rec->caller[0] = '\0';
	rec->subsystem[0] = '\0';
	rec->device[0] = '\0';
	rec->text[0] = '\0';
	rec->text_len = 0;
}

static void copy_field(char *dst, size_t size, const char *s, const char *e)
{
	size_t n = (size_t)(e - s) < size - 1 ? (size_t)(e - s) : size - 1;

	memcpy(dst, s, n);
	dst[n] = '\0';
}

/*
 * Header of a kmsg record. Returns a pointer just after ';' or NULL.
 * Fields after the flag (",caller=T1", future ones) are skipped except
 * caller (dev-kmsg ABI: "Future extensions might add more comma separated
 * values before the terminating ';'").
 */
static const char *parse_kmsg_header(const char *s, const char *end, struct rb_klog_rec *rec)
{
	uint64_t prio, seq, ts;

	if (!parse_u64(&s, end, &prio) || s >= end || *s++ != ',')
		return NULL;
	if (!parse_u64(&s, end, &seq) || s >= end || *s++ != ',')
		return NULL;
	if (!parse_u64(&s, end, &ts) || s >= end || *s++ != ',')
		return NULL;
	if (s >= end || (*s != '-' && *s != 'c' && *s != '+'))
		return NULL;
	rec->cont = *s == 'c';
	s++;
	while (s < end && *s == ',') {
		const char *f = ++s;

		while (s < end && *s != ',' && *s != ';')
			s++;
		if ((size_t)(s - f) > 7 && !memcmp(f, "caller=", 7))
			copy_field(rec->caller, sizeof(rec->caller), f + 7, s);
	}
	if (s >= end || *s != ';')
		return NULL;
	if (prio > INT32_MAX || ts > INT64_MAX)
		return NULL;
	rec->prio = (int)prio;
	rec->seq = seq;
	rec->has_seq = true;
	rec->ts_us = (int64_t)ts;
	return s + 1;
}

int rb_klog_parse_kmsg(const char *buf, size_t len, struct rb_klog_rec *rec)
{
	const char *end = buf + len;
	const char *s, *nl;

	rec_clear(rec, RB_KLOG_FMT_KMSG);
	s = parse_kmsg_header(buf, end, rec);
	if (!s)
		return -EINVAL;
	nl = memchr(s, '\n', (size_t)(end - s));
	if (!nl)
		nl = end;
	set_text(rec, s, nl, true);
	/* dictionary: " KEY=VALUE\n" lines */
	s = nl < end ? nl + 1 : end;
	while (s < end && *s == ' ') {
		const char *k = s + 1;
		const char *e = memchr(k, '\n', (size_t)(end - k));

		if (!e)
			e = end;
		if (e - k > 10 && !memcmp(k, "SUBSYSTEM=", 10))
			copy_field(rec->subsystem, sizeof(rec->subsystem), k + 10, e);
		else if (e - k > 7 && !memcmp(k, "DEVICE=", 7))
			copy_field(rec->device, sizeof(rec->device), k + 7, e);
		s = e < end ? e + 1 : end;
	}
	return 0;
}

/* "[ 12.345678]" at s: returns the position after "] " and sets *us, or NULL. */
static const char *parse_bracket_ts(const char *s, const char *end, int64_t *us)
{
	uint64_t sec, frac = 0;
	int digits = 0;

	if (s >= end || *s != '[')
		return NULL;
	s++;
	while (s < end && *s == ' ')
		s++;
	if (!parse_u64(&s, end, &sec))
		return NULL;
	if (s < end && *s == '.') {
		s++;
		while (s < end && isdigit((unsigned char)*s)) {
			if (digits < 6) {
				frac = frac * 10 + (uint64_t)(*s - '0');
				digits++;
			}
			s++;
		}
	}
	if (s >= end || *s != ']' || sec > INT64_MAX / 1000000)
		return NULL;
	while (digits < 6) {
		frac *= 10;
		digits++;
	}
	*us = (int64_t)(sec * 1000000 + frac);
	s++;
	if (s < end && *s == ' ')
		s++;
	return s;
}

/* "[Sun Nov 22 04:00:00 2026] " (dmesg -T): any bracket up to "] ". */
static const char *skip_bracket(const char *s, const char *end)
{
	const char *e;

	if (s >= end || *s != '[')
		return NULL;
	e = memchr(s, ']', (size_t)(end - s));
	if (!e || e - s > 40)
		return NULL;
	e++;
	if (e < end && *e == ' ')
		e++;
	return e;
}

/*
 * Syslog-style prefix of `journalctl -k` (short, short-iso, short-precise):
 * "Nov 22 04:00:00[.123456] host kernel: " or "2026-11-22T04:00:00+0000 host kernel: ".
 * Returns the position after the prefix, NULL when this is not such a
 * line; sets *kernel when the identifier is "kernel".
 */
static const char *skip_journal_prefix(const char *s, const char *end, bool *kernel)
{
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	const char *p = s;
	bool ok = false;
	int spaces;

	if (end - p >= 15) {
		for (size_t i = 0; i < 12; i++)
			if (!memcmp(p, months[i], 3) && p[3] == ' ')
				ok = true;
		if (ok) {
			p += 4;
			while (p < end && *p == ' ')
				p++;
			while (p < end && isdigit((unsigned char)*p))
				p++;
			ok = p + 9 <= end && p[0] == ' ' && isdigit((unsigned char)p[1]) &&
			     p[3] == ':' && p[6] == ':';
			p += 9;
		}
	}
	if (!ok && end - p >= 19 && isdigit((unsigned char)p[0]) && p[4] == '-' && p[7] == '-' &&
	    p[10] == 'T' && p[13] == ':') {
		ok = true;
		p += 19;
	}
	if (!ok)
		return NULL;
	/* fraction and zone: up to the next space */
	while (p < end && *p != ' ')
		p++;
	/* " host ident[pid]: " */
	for (spaces = 0; p < end && spaces < 2; p++)
		if (*p == ' ')
			spaces++;
	for (const char *q = p; q < end && *q != ' '; q++) {
		if (*q != ':')
			continue;
		if (q + 1 >= end || q[1] != ' ')
			return NULL;
		*kernel = q - p == 6 && !memcmp(p, "kernel", 6);
		return q + 2;
	}
	return NULL;
}

int rb_klog_parse_line(const char *line, size_t len, struct rb_klog_rec *rec)
{
	const char *end = line + len;
	const char *s = line, *t;
	bool kernel = false;

	while (end > s && (end[-1] == '\r' || end[-1] == '\n'))
		end--;
	if (s == end)
		return -ENODATA;
	if (*s == ' ') {
		/* dictionary line of a raw kmsg dump: " KEY=VALUE" */
		const char *q = s + 1;

		while (q < end && (isupper((unsigned char)*q) || *q == '_'))
			q++;
		if (q > s + 1 && q < end && *q == '=')
			return -EAGAIN;
	}
	if (isdigit((unsigned char)*s)) {
		const char *body;

		rec_clear(rec, RB_KLOG_FMT_KMSG);
		body = parse_kmsg_header(s, end, rec);
		if (body) {
			set_text(rec, body, end, true);
			return 0;
		}
	}
	if (end - s >= 2 && s[0] == '-' && s[1] == '-' && (end - s == 2 || s[2] == ' '))
		return -ENODATA; /* journalctl "-- Boot ... --", "-- No entries --" */

	t = skip_journal_prefix(s, end, &kernel);
	if (t) {
		if (!kernel)
			return -ENODATA;
		rec_clear(rec, RB_KLOG_FMT_JOURNAL);
		s = t;
		/* journalctl -k does not print the kernel timestamp, but a
		 * "[ 1.23]" left in the text by the kernel is taken */
		t = parse_bracket_ts(s, end, &rec->ts_us);
		if (t)
			s = t;
		set_text(rec, s, end, false);
		return 0;
	}

	rec_clear(rec, RB_KLOG_FMT_DMESG_T);
	/* dmesg -r / dmesg -x style level prefix "<6>" */
	if (*s == '<') {
		const char *q = s + 1;
		uint64_t prio;

		if (parse_u64(&q, end, &prio) && q < end && *q == '>' && prio < 1024) {
			rec->prio = (int)prio;
			s = q + 1;
		}
	}
	t = parse_bracket_ts(s, end, &rec->ts_us);
	if (t) {
		const char *j;

		rec->format = RB_KLOG_FMT_DMESG;
		s = t;
		/* journalctl -o short-monotonic: "[ 12.345678] host kernel: text" */
		j = s;
		while (j < end && *j != ' ')
			j++;
		if (j + 9 <= end && !memcmp(j, " kernel: ", 9)) {
			rec->format = RB_KLOG_FMT_JOURNAL;
			s = j + 9;
		}
	} else {
		t = skip_bracket(s, end);
		/* dmesg -T: "[Sun Nov 22 04:00:00 2026] text" */
		if (t && end - s > 5 && isalpha((unsigned char)s[1]))
			s = t;
	}
	/* CONFIG_PRINTK_CALLER: "[  T123] " or "[    C0] " after the time */
	if (s < end && *s == '[') {
		const char *q = s + 1;

		while (q < end && *q == ' ')
			q++;
		if (q < end && (*q == 'T' || *q == 'C') && q + 1 < end &&
		    isdigit((unsigned char)q[1])) {
			const char *r = q + 1;

			while (r < end && isdigit((unsigned char)*r))
				r++;
			if (r < end && *r == ']') {
				copy_field(rec->caller, sizeof(rec->caller), q, r);
				s = r + 1;
				if (s < end && *s == ' ')
					s++;
			}
		}
	}
	if (s == end)
		return -ENODATA;
	set_text(rec, s, end, false);
	return 0;
}

/* ---- offline use ---- */

int rb_klog_scan_file(const char *path, unsigned long *counts, rb_klog_cb cb, void *ctx)
{
	struct rb_klog_rec *rec;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int records = 0;
	enum rb_klog_class prev = RB_KLOG_NONE;
	FILE *f;
	int ret;

	if (!strcmp(path, "-"))
		f = stdin;
	else
		f = fopen(path, "re");
	if (!f)
		return -errno;
	rec = malloc(sizeof(*rec));
	if (!rec) {
		ret = -ENOMEM;
		goto out_close;
	}
	errno = 0;
	while ((n = getline(&line, &cap, f)) >= 0) {
		struct rb_klog_fields fl;
		enum rb_klog_class cls;

		if (rb_klog_parse_line(line, (size_t)n, rec) < 0)
			continue;
		records++;
		cls = rb_klog_classify_next(&prev, rec->text, &fl);
		if (cls == RB_KLOG_NONE)
			continue;
		if (counts)
			counts[cls]++;
		if (cb)
			cb(ctx, rec, cls, &fl);
	}
	ret = ferror(f) ? -EIO : records;
	free(line);
	free(rec);
out_close:
	if (f != stdin)
		fclose(f);
	return ret;
}

struct scan_ctx {
	const char *path;
	bool json;
	json_t *matches;
	unsigned long failures;
};

static void print_match(void *vctx, const struct rb_klog_rec *rec, enum rb_klog_class cls,
			const struct rb_klog_fields *f)
{
	struct scan_ctx *ctx = vctx;
	enum rb_klog_severity sev = rb_klog_class_severity(cls);

	if (sev == RB_KLOG_FAIL)
		ctx->failures++;
	if (ctx->json) {
		json_t *m = json_pack("{s:s, s:s, s:s, s:o}", "file", ctx->path, "class",
				      rb_klog_class_name(cls), "severity",
				      sev == RB_KLOG_FAIL   ? "fail"
				      : sev == RB_KLOG_WARN ? "warn"
							    : "info",
				      "fields", rb_klog_fields_json(f));

		if (!m)
			return;
		json_object_set_new(m, "text", json_stringn_nocheck(rec->text, rec->text_len));
		if (rec->ts_us >= 0)
			json_object_set_new(m, "ts_us", json_integer(rec->ts_us));
		if (rec->has_seq)
			json_object_set_new(m, "kmsg_seq", json_integer((json_int_t)rec->seq));
		if (rec->prio >= 0)
			json_object_set_new(m, "priority", json_integer(rec->prio & 7));
		json_array_append_new(ctx->matches, m);
		return;
	}
	if (rec->ts_us >= 0)
		printf("  [%5" PRId64 ".%06" PRId64 "] ", rec->ts_us / 1000000,
		       rec->ts_us % 1000000);
	else
		printf("  ");
	printf("%-20s %s\n", rb_klog_class_name(cls), rec->text);
}

static void klog_usage(FILE *out)
{
	fprintf(out,
		"usage: rpmsg-bench klog [--json] FILE...\n"
		"       rpmsg-bench klog [--json] --kmsg [--root DIR]\n"
		"Classify rpmsg-related messages of a saved kernel log: dmesg text\n"
		"(with or without timestamps), journalctl -k output, or a raw /dev/kmsg\n"
		"dump. FILE - reads standard input. --kmsg reads the running kernel's\n"
		"log (DIR/dev/kmsg) from its oldest record.\n"
		"Exit status: 0 no failure found, 1 failures found, 2 usage or input error.\n");
}

static void print_counts(const unsigned long *counts, unsigned long records, unsigned long failures)
{
	printf("%lu records; counts per class:\n", records);
	for (int k = 1; k < RB_KLOG_CLASS_COUNT; k++) {
		enum rb_klog_severity sev = rb_klog_class_severity(k);

		if (counts[k])
			printf("  %-22s %6lu  %s\n", rb_klog_class_name(k), counts[k],
			       sev == RB_KLOG_FAIL   ? "FAIL"
			       : sev == RB_KLOG_WARN ? "warn"
						     : "info");
	}
	printf("%lu failure message%s\n", failures, failures == 1 ? "" : "s");
}

static json_t *counts_json(const unsigned long *counts)
{
	json_t *cnt = json_object();

	for (int k = 1; cnt && k < RB_KLOG_CLASS_COUNT; k++)
		json_object_set_new(cnt, rb_klog_class_name(k),
				    json_integer((json_int_t)counts[k]));
	return cnt;
}

/* The running kernel's log through the run-time reader (kmsg.c). */
static int klog_kmsg(const char *root, bool json)
{
	struct rb_kmsg_config kc = {
		.root = root, .from_seq = 0, .capacity = 8192, .no_marker = true};
	unsigned long counts[RB_KLOG_CLASS_COUNT] = {0};
	unsigned long failures = 0;
	const struct rb_kmsg_event *ev;
	struct rb_kmsg_stats st;
	struct rb_kmsg *k;
	size_t n;
	int ret;

	if (rb_kmsg_open(&kc, &k))
		return 2;
	if (!rb_kmsg_available(k)) {
		fprintf(stderr, "rpmsg-bench klog: %s\n", rb_kmsg_reason(k));
		rb_kmsg_free(k);
		return 2;
	}
	ret = rb_kmsg_drain(k, 0);
	if (ret < 0) {
		fprintf(stderr, "rpmsg-bench klog: %s\n", rb_kmsg_reason(k));
		rb_kmsg_free(k);
		return 2;
	}
	rb_kmsg_stats(k, &st);
	for (int c = 1; c < RB_KLOG_CLASS_COUNT; c++) {
		counts[c] = rb_kmsg_count(k, c);
		if (rb_klog_class_severity(c) == RB_KLOG_FAIL)
			failures += counts[c];
	}
	ev = rb_kmsg_events(k, &n);
	if (json) {
		json_t *events = json_array();
		json_t *root_o =
			json_pack("{s:I, s:o, s:I, s:o, s:o}", "records", (json_int_t)st.records,
				  "counts", counts_json(counts), "failures", (json_int_t)failures,
				  "kernel_log", rb_kmsg_kernel_log_json(k), "events", events);

		/* t_s of the events: seconds since boot on the kernel log clock */
		if (!root_o || rb_kmsg_append_events(k, events, 0) ||
		    json_dumpf(root_o, stdout, JSON_INDENT(2)) < 0) {
			json_decref(root_o);
			rb_kmsg_free(k);
			return 2;
		}
		putchar('\n');
		json_decref(root_o);
	} else {
		for (size_t i = 0; i < n; i++)
			printf("  [%5" PRId64 ".%06" PRId64 "] %-20s %s\n", ev[i].ts_us / 1000000,
			       ev[i].ts_us % 1000000, rb_klog_class_name(ev[i].cls), ev[i].text);
		if (st.overwritten)
			printf("%lu records were overwritten before they could be read\n",
			       st.overwritten);
		print_counts(counts, st.records, failures);
	}
	rb_kmsg_free(k);
	return failures ? 1 : 0;
}

int rb_klog_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"kmsg", no_argument, NULL, 'k'},
		{"root", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	unsigned long counts[RB_KLOG_CLASS_COUNT] = {0};
	struct scan_ctx ctx = {0};
	const char *root = NULL;
	bool kmsg = false;
	long records = 0;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "jkr:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			ctx.json = true;
			break;
		case 'k':
			kmsg = true;
			break;
		case 'r':
			root = optarg;
			break;
		case 'h':
			klog_usage(stdout);
			return 0;
		default:
			klog_usage(stderr);
			return 2;
		}
	}
	if (kmsg) {
		if (optind != argc) {
			klog_usage(stderr);
			return 2;
		}
		return klog_kmsg(root, ctx.json);
	}
	if (optind >= argc || root) {
		klog_usage(stderr);
		return 2;
	}
	if (ctx.json) {
		ctx.matches = json_array();
		if (!ctx.matches)
			return 2;
	}
	for (int i = optind; i < argc; i++) {
		int n;

		ctx.path = argv[i];
		if (!ctx.json)
			printf("%s:\n", argv[i]);
		n = rb_klog_scan_file(argv[i], counts, print_match, &ctx);
		if (n < 0) {
			fprintf(stderr, "rpmsg-bench klog: %s: %s\n", argv[i], strerror(-n));
			json_decref(ctx.matches);
			return 2;
		}
		records += n;
	}
	if (ctx.json) {
		json_t *root_o = json_pack("{s:I, s:o, s:I, s:o}", "records", (json_int_t)records,
					   "counts", counts_json(counts), "failures",
					   (json_int_t)ctx.failures, "matches", ctx.matches);

		if (!root_o || json_dumpf(root_o, stdout, JSON_INDENT(2)) < 0) {
			json_decref(root_o);
			return 2;
		}
		putchar('\n');
		json_decref(root_o);
	} else {
		print_counts(counts, (unsigned long)records, ctx.failures);
	}
	return ctx.failures ? 1 : 0;
}
