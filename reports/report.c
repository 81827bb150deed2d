/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * report.c - loading and checking rpmsg-bench reports, typed member access.
 *
 * A report is checked once, when loaded, against the shapes below (the
 * members of docs/report-format.md and their types); members this tool does
 * not know are ignored, as the format asks of readers, and null stands for
 * "unknown" everywhere but in the two members that identify the format.
 * Checking up front means a malformed report is refused with the path of the
 * offending member before any output is written, and the writers can treat
 * every missing member as "not in this report".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report.h"

/* JSON types a member may have (null is always accepted: unknown). */
enum {
	J_OBJ = 1u << 0,
	J_ARR = 1u << 1,
	J_STR = 1u << 2,
	J_INT = 1u << 3,
	J_REAL = 1u << 4,
	J_BOOL = 1u << 5,
	J_NUM = J_INT | J_REAL,
};

/* Shape flags. */
#define F_NONNEG 1u /* a number that must not be negative */

struct member;

struct shape {
	unsigned types;
	unsigned flags;
	const struct member *members; /* object: known members, {NULL} ended */
	const struct shape *items;    /* array: shape of every element */
	const struct shape *values;   /* object with free keys: shape of every value */
	size_t len;		      /* array: exact length, 0 = any */
};

struct member {
	const char *name;
	const struct shape *shape;
};

static const struct shape S_STR = {.types = J_STR};
static const struct shape S_INT = {.types = J_INT};
static const struct shape S_UINT = {.types = J_INT, .flags = F_NONNEG};
static const struct shape S_NUM = {.types = J_NUM};
static const struct shape S_UNUM = {.types = J_NUM, .flags = F_NONNEG};
static const struct shape S_BOOL = {.types = J_BOOL};
static const struct shape S_ANYOBJ = {.types = J_OBJ};
static const struct shape S_STRS = {.types = J_ARR, .items = &S_STR};
static const struct shape S_INTS = {.types = J_ARR, .items = &S_INT};
static const struct shape S_NUMS = {.types = J_ARR, .items = &S_NUM};
static const struct shape S_OBJ_UINTS = {.types = J_OBJ, .values = &S_UINT};
static const struct shape S_OBJ_NUMS = {.types = J_OBJ, .values = &S_NUM};

static const struct member M_TOOL[] = {{"name", &S_STR}, {"version", &S_STR}, {NULL, NULL}};
static const struct shape S_TOOL = {.types = J_OBJ, .members = M_TOOL};

static const struct member M_EXIT[] = {{"status", &S_INT},
				       {"reason", &S_STR},
				       {"message", &S_STR},
				       {"errno", &S_INT},
				       {NULL, NULL}};
static const struct shape S_EXIT = {.types = J_OBJ, .members = M_EXIT};

static const struct member M_KERNEL[] = {{"release", &S_STR}, {"version", &S_STR},
					 {"machine", &S_STR}, {"preempt_rt", &S_BOOL},
					 {"cmdline", &S_STR}, {NULL, NULL}};
static const struct shape S_KERNEL = {.types = J_OBJ, .members = M_KERNEL};
static const struct member M_OSREL[] = {
	{"id", &S_STR}, {"version_id", &S_STR}, {"pretty_name", &S_STR}, {NULL, NULL}};
static const struct shape S_OSREL = {.types = J_OBJ, .members = M_OSREL};
static const struct member M_DT[] = {{"model", &S_STR}, {"compatible", &S_STRS}, {NULL, NULL}};
static const struct shape S_DT = {.types = J_OBJ, .members = M_DT};
static const struct member M_CPUS[] = {{"online", &S_UINT}, {"governors", &S_STRS}, {NULL, NULL}};
static const struct shape S_CPUS = {.types = J_OBJ, .members = M_CPUS};
static const struct member M_RPROC[] = {
	{"name", &S_STR}, {"state", &S_STR}, {"firmware", &S_STR}, {NULL, NULL}};
static const struct shape S_RPROC = {.types = J_OBJ, .members = M_RPROC};
static const struct shape S_RPROCS = {.types = J_ARR, .items = &S_RPROC};
static const struct member M_RDEV[] = {
	{"name", &S_STR}, {"channel", &S_STR}, {"src", &S_INT}, {"dst", &S_INT}, {NULL, NULL}};
static const struct shape S_RDEV = {.types = J_OBJ, .members = M_RDEV};
static const struct shape S_RDEVS = {.types = J_ARR, .items = &S_RDEV};
static const struct member M_REPT[] = {
	{"path", &S_STR}, {"name", &S_STR}, {"src", &S_INT}, {"dst", &S_INT}, {NULL, NULL}};
static const struct shape S_REPT = {.types = J_OBJ, .members = M_REPT};
static const struct shape S_REPTS = {.types = J_ARR, .items = &S_REPT};
static const struct member M_RPMSG[] = {{"devices", &S_RDEVS},
					{"ctrl", &S_STRS},
					{"endpoints", &S_REPTS},
					{"ttys", &S_STRS},
					{NULL, NULL}};
static const struct shape S_RPMSG = {.types = J_OBJ, .members = M_RPMSG};
static const struct member M_SYSTEM[] = {{"hostname", &S_STR},	   {"kernel", &S_KERNEL},
					 {"os_release", &S_OSREL}, {"bsp_release", &S_STR},
					 {"device_tree", &S_DT},   {"cpus", &S_CPUS},
					 {"modules", &S_STRS},	   {"remoteprocs", &S_RPROCS},
					 {"rpmsg", &S_RPMSG},	   {NULL, NULL}};
static const struct shape S_SYSTEM = {.types = J_OBJ, .members = M_SYSTEM};

static const struct member M_FW[] = {
	{"version", &S_STR},	       {"build_id", &S_STR},	     {"board", &S_STR},
	{"core_clock_hz", &S_UNUM},    {"ts_source", &S_STR},	     {"ts_hz", &S_UNUM},
	{"vring_num", &S_UINT},	       {"buf_size", &S_UINT},	     {"max_payload", &S_UINT},
	{"stats_before", &S_OBJ_NUMS}, {"stats_after", &S_OBJ_NUMS}, {NULL, NULL}};
static const struct shape S_FW = {.types = J_OBJ, .members = M_FW};

static const struct member M_SIZES[] = {{"kind", &S_STR}, {"values", &S_INTS}, {"min", &S_UINT},
					{"max", &S_UINT}, {"step", &S_UINT},   {"seed", &S_INT},
					{NULL, NULL}};
static const struct shape S_SIZES = {.types = J_OBJ, .members = M_SIZES};
static const struct member M_SCHED[] = {{"policy", &S_STR}, {"priority", &S_INT}, {NULL, NULL}};
static const struct shape S_SCHED = {.types = J_OBJ, .members = M_SCHED};
static const struct member M_CONFIG[] = {
	{"mode", &S_STR},	    {"window", &S_UINT},	  {"rate_hz", &S_UNUM},
	{"sizes", &S_SIZES},	    {"count", &S_UINT},		  {"duration_s", &S_UNUM},
	{"warmup_count", &S_UINT},  {"warmup_s", &S_UNUM},	  {"loss_timeout_ms", &S_UNUM},
	{"interval_ms", &S_UNUM},   {"percentiles", &S_NUMS},	  {"protocol", &S_STR},
	{"clock", &S_STR},	    {"engine_requested", &S_STR}, {"sched", &S_SCHED},
	{"affinity", &S_INTS},	    {"mlockall", &S_BOOL},	  {"cpu_dma_latency_us", &S_INT},
	{"intervals_file", &S_STR}, {"thresholds", &S_OBJ_NUMS},  {NULL, NULL}};
static const struct shape S_CONFIG = {.types = J_OBJ, .members = M_CONFIG};

/* results.latency and latency_from_schedule. */
static const struct shape S_BUCKET = {.types = J_ARR, .items = &S_UINT, .len = 3};
static const struct shape S_BUCKETS = {.types = J_ARR, .items = &S_BUCKET};
static const struct member M_HIST[] = {{"lowest_ns", &S_UINT},
				       {"highest_ns", &S_UINT},
				       {"significant_digits", &S_UINT},
				       {"buckets", &S_BUCKETS},
				       {NULL, NULL}};
static const struct shape S_HIST = {.types = J_OBJ, .members = M_HIST};
static const struct member M_PCT[] = {{"p", &S_UNUM}, {"ns", &S_UINT}, {NULL, NULL}};
static const struct shape S_PCT = {.types = J_OBJ, .members = M_PCT};
static const struct shape S_PCTS = {.types = J_ARR, .items = &S_PCT};
static const struct member M_LAT[] = {{"count", &S_UINT},     {"min_ns", &S_UINT},
				      {"max_ns", &S_UINT},    {"mean_ns", &S_UNUM},
				      {"stddev_ns", &S_UNUM}, {"percentiles", &S_PCTS},
				      {"overflow", &S_UINT},  {"underflow", &S_UINT},
				      {"histogram", &S_HIST}, {NULL, NULL}};
static const struct shape S_LAT = {.types = J_OBJ, .members = M_LAT};

static const struct member M_BYTES[] = {{"sent", &S_UINT}, {"received", &S_UINT}, {NULL, NULL}};
static const struct shape S_BYTES = {.types = J_OBJ, .members = M_BYTES};
static const struct member M_RATE[] = {
	{"msgs_per_s", &S_UNUM}, {"bytes_per_s", &S_UNUM}, {"elapsed_s", &S_UNUM}, {NULL, NULL}};
static const struct shape S_RATE = {.types = J_OBJ, .members = M_RATE};
static const struct member M_BYSIZE[] = {
	{"size", &S_UINT}, {"counts", &S_OBJ_UINTS}, {"latency", &S_LAT}, {NULL, NULL}};
static const struct shape S_BYSIZE = {.types = J_OBJ, .members = M_BYSIZE};
static const struct shape S_BYSIZES = {.types = J_ARR, .items = &S_BYSIZE};
static const struct member M_RESULTS[] = {{"counts", &S_OBJ_UINTS},
					  {"bytes", &S_BYTES},
					  {"rate", &S_RATE},
					  {"latency", &S_LAT},
					  {"latency_from_schedule", &S_LAT},
					  {"by_size", &S_BYSIZES},
					  {NULL, NULL}};
static const struct shape S_RESULTS = {.types = J_OBJ, .members = M_RESULTS};

static const struct member M_EP[] = {
	{"id", &S_UINT},     {"path", &S_STR},	      {"kind", &S_STR}, {"how", &S_STR},
	{"channel", &S_STR}, {"src", &S_INT},	      {"dst", &S_INT},	{"mtu", &S_UINT},
	{"engine", &S_STR},  {"results", &S_RESULTS}, {NULL, NULL}};
static const struct shape S_EP = {.types = J_OBJ, .members = M_EP};
static const struct shape S_EPS = {.types = J_ARR, .items = &S_EP};

static const struct member M_IVEP[] = {
	{"id", &S_UINT},	  {"sent", &S_UINT},	  {"received", &S_UINT},
	{"lost", &S_UINT},	  {"corrupted", &S_UINT}, {"msgs_per_s", &S_UNUM},
	{"bytes_per_s", &S_UNUM}, {"min_ns", &S_UINT},	  {"p50_ns", &S_UINT},
	{"p99_ns", &S_UINT},	  {"max_ns", &S_UINT},	  {NULL, NULL}};
static const struct shape S_IVEP = {.types = J_OBJ, .members = M_IVEP};
static const struct shape S_IVEPS = {.types = J_ARR, .items = &S_IVEP};
static const struct member M_IV[] = {{"interval", &S_UINT}, {"t_start_s", &S_NUM},
				     {"t_end_s", &S_NUM},   {"endpoints", &S_IVEPS},
				     {"total", &S_IVEP},    {NULL, NULL}};
static const struct shape S_IV = {.types = J_OBJ, .members = M_IV};
static const struct shape S_IVS = {.types = J_ARR, .items = &S_IV};

static const struct member M_EVENT[] = {
	{"t_s", &S_NUM},      {"type", &S_STR},	   {"class", &S_STR},	  {"priority", &S_INT},
	{"kmsg_seq", &S_INT}, {"text", &S_STR},	   {"fields", &S_ANYOBJ}, {"in_flight", &S_INTS},
	{"endpoint", &S_INT}, {"start_s", &S_NUM}, {"end_s", &S_NUM},	  {"held", &S_INTS},
	{"errno", &S_INT},    {NULL, NULL}};
static const struct shape S_EVENT = {.types = J_OBJ, .members = M_EVENT};
static const struct shape S_EVENTS = {.types = J_ARR, .items = &S_EVENT};

static const struct member M_KLOG[] = {{"available", &S_BOOL},		 {"reason", &S_STR},
				       {"records_overwritten", &S_UINT}, {"counts", &S_OBJ_UINTS},
				       {"clock_offset_ns", &S_INT},	 {NULL, NULL}};
static const struct shape S_KLOG = {.types = J_OBJ, .members = M_KLOG};

static const struct member M_CHECK[] = {
	{"name", &S_STR}, {"limit", &S_NUM}, {"value", &S_NUM}, {"pass", &S_BOOL}, {NULL, NULL}};
static const struct shape S_CHECK = {.types = J_OBJ, .members = M_CHECK};
static const struct shape S_CHECKS = {.types = J_ARR, .items = &S_CHECK};
static const struct member M_VERDICT[] = {{"pass", &S_BOOL}, {"checks", &S_CHECKS}, {NULL, NULL}};
static const struct shape S_VERDICT = {.types = J_OBJ, .members = M_VERDICT};

static const struct member M_ROOT[] = {
	/* format and format_version are checked first, by rb_rpt_load(). */
	{"format", &S_STR},	   {"format_version", &S_INT}, {"tool", &S_TOOL},
	{"command_line", &S_STRS}, {"start_time", &S_STR},     {"end_time", &S_STR},
	{"duration_s", &S_UNUM},   {"exit", &S_EXIT},	       {"system", &S_SYSTEM},
	{"firmware", &S_FW},	   {"config", &S_CONFIG},      {"endpoints", &S_EPS},
	{"total", &S_RESULTS},	   {"intervals", &S_IVS},      {"events", &S_EVENTS},
	{"kernel_log", &S_KLOG},   {"verdict", &S_VERDICT},    {NULL, NULL}};
static const struct shape S_ROOT = {.types = J_OBJ, .members = M_ROOT};

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a real number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_NULL:
		return "null";
	}
	return "something else";
}

static const char *wanted_name(const struct shape *s)
{
	switch (s->types) {
	case J_OBJ:
		return "an object";
	case J_ARR:
		return "an array";
	case J_STR:
		return "a string";
	case J_INT:
		return s->flags & F_NONNEG ? "a non-negative integer" : "an integer";
	case J_NUM:
		return s->flags & F_NONNEG ? "a non-negative number" : "a number";
	case J_BOOL:
		return "a boolean";
	}
	return "another type";
}

static unsigned type_bit(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return J_OBJ;
	case JSON_ARRAY:
		return J_ARR;
	case JSON_STRING:
		return J_STR;
	case JSON_INTEGER:
		return J_INT;
	case JSON_REAL:
		return J_REAL;
	case JSON_TRUE:
	case JSON_FALSE:
		return J_BOOL;
	case JSON_NULL:
		return 0;
	}
	return 0;
}

/* A member path being built, e.g. "endpoints[0].results.counts.sent". */
struct jpath {
	char s[256];
	size_t len;
};

/* Append ".key" (or "key" at the root) or "[idx]"; returns the length to pop back to. */
static size_t path_push(struct jpath *p, const char *key, size_t idx)
{
	size_t old = p->len, room = sizeof(p->s) - p->len;
	int n;

	if (key)
		n = snprintf(p->s + p->len, room, "%s%s", p->len ? "." : "", key);
	else
		n = snprintf(p->s + p->len, room, "[%zu]", idx);
	/* A path longer than the buffer is cut, not overrun. */
	if (n > 0)
		p->len += (size_t)n < room ? (size_t)n : room - 1;
	return old;
}

static void path_pop(struct jpath *p, size_t old)
{
	p->len = old;
	p->s[old] = '\0';
}

static int check_shape(json_t *v, const struct shape *s, struct jpath *p, char *err, size_t errlen)
{
	unsigned bit = type_bit(v);

	if (json_is_null(v))
		return 0;
	if (!(bit & s->types)) {
		snprintf(err, errlen, "%s: expected %s, found %s", p->s, wanted_name(s),
			 type_name(v));
		return -EINVAL;
	}
	if ((s->flags & F_NONNEG) && ((json_is_integer(v) && json_integer_value(v) < 0) ||
				      (json_is_real(v) && json_real_value(v) < 0))) {
		snprintf(err, errlen, "%s: expected %s, found a negative number", p->s,
			 wanted_name(s));
		return -EINVAL;
	}
	if (json_is_array(v)) {
		size_t i, old;
		json_t *item;

		if (s->len && json_array_size(v) != s->len) {
			snprintf(err, errlen, "%s: expected %zu elements, found %zu", p->s, s->len,
				 json_array_size(v));
			return -EINVAL;
		}
		if (!s->items)
			return 0;
		json_array_foreach(v, i, item)
		{
			int ret;

			old = path_push(p, NULL, i);
			ret = check_shape(item, s->items, p, err, errlen);
			path_pop(p, old);
			if (ret)
				return ret;
		}
		return 0;
	}
	if (json_is_object(v)) {
		const struct member *m;

		for (m = s->members; m && m->name; m++) {
			json_t *child = json_object_get(v, m->name);
			size_t old = path_push(p, m->name, 0);
			int ret = 0;

			if (child)
				ret = check_shape(child, m->shape, p, err, errlen);
			path_pop(p, old);
			if (ret)
				return ret;
		}
		if (s->values) {
			const char *key;
			json_t *child;

			json_object_foreach(v, key, child)
			{
				size_t old = path_push(p, key, 0);
				int ret = check_shape(child, s->values, p, err, errlen);

				path_pop(p, old);
				if (ret)
					return ret;
			}
		}
	}
	return 0;
}

/* Every histogram must be extractable; say which one is not. */
static int check_hists(json_t *results, const char *where, char *err, size_t errlen)
{
	static const char *const lats[] = {"latency", "latency_from_schedule"};
	size_t i;

	for (i = 0; i < 2; i++) {
		struct rb_lhist h;
		json_t *lat = rb_j_obj(results, lats[i]);
		int ret;

		if (!lat)
			continue;
		ret = rb_lhist_from_json(&h, lat);
		if (ret) {
			snprintf(err, errlen, "%s.%s.histogram: %s", where, lats[i],
				 ret == -ENOMEM ? "out of memory"
						: "bucket low above high, or counts past 2^64");
			return ret;
		}
		rb_lhist_free(&h);
	}
	return 0;
}

static char *default_label(json_t *root, const char *path)
{
	const char *s = rb_j_str(root, "system.bsp_release");
	const char *base;

	if (!s || !*s)
		s = rb_j_str(root, "system.kernel.release");
	if (!s || !*s)
		s = rb_j_str(root, "system.hostname");
	if (s && *s)
		return strdup(s);
	base = strrchr(path, '/');
	return strdup(base ? base + 1 : path);
}

int rb_rpt_load(struct rb_rpt *r, const char *path, char *err, size_t errlen)
{
	char why[320];
	json_error_t jerr;
	struct jpath p = {.len = 0};
	struct stat st;
	json_t *root, *eps;
	const char *fmt;
	long long ver;
	size_t i;
	FILE *f;
	int ret;

	memset(r, 0, sizeof(*r));
	f = fopen(path, "r");
	if (!f) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(-ret));
		return ret;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		snprintf(err, errlen, "%s: %s", path, strerror(EISDIR));
		return -EISDIR;
	}
	root = json_loadf(f, 0, &jerr);
	fclose(f);
	if (!root) {
		snprintf(err, errlen, "%s: line %d, column %d: %s", path, jerr.line, jerr.column,
			 jerr.text);
		return -EINVAL;
	}
	if (!json_is_object(root)) {
		snprintf(err, errlen,
			 "%s: not an rpmsg-bench report (the document is %s, not an object)", path,
			 type_name(root));
		goto bad;
	}
	fmt = rb_j_str(root, "format");
	if (!fmt || strcmp(fmt, RB_RPT_FORMAT) != 0) {
		snprintf(err, errlen,
			 "%s: not an rpmsg-bench report (\"format\" is %s%.64s%s, not \"%s\")",
			 path, fmt ? "\"" : "", fmt ? fmt : "missing", fmt ? "\"" : "",
			 RB_RPT_FORMAT);
		goto bad;
	}
	if (!rb_j_int(root, "format_version", &ver)) {
		snprintf(err, errlen, "%s: \"format_version\" is missing or not an integer", path);
		goto bad;
	}
	if (ver != RB_RPT_FORMAT_VERSION) {
		snprintf(err, errlen,
			 "%s: format_version %lld is not supported (this rpmsg-report reads "
			 "version %d)",
			 path, ver, RB_RPT_FORMAT_VERSION);
		goto bad;
	}
	p.s[0] = '\0';
	if (check_shape(root, &S_ROOT, &p, why, sizeof(why))) {
		snprintf(err, errlen, "%s: %s", path, why);
		goto bad;
	}
	eps = rb_j_arr(root, "endpoints");
	for (i = 0; eps && i < json_array_size(eps); i++) {
		char where[48];

		snprintf(where, sizeof(where), "endpoints[%zu].results", i);
		ret = check_hists(rb_j_obj(json_array_get(eps, i), "results"), where, why,
				  sizeof(why));
		if (ret)
			goto bad_hist;
	}
	ret = check_hists(rb_j_obj(root, "total"), "total", why, sizeof(why));
	if (ret)
		goto bad_hist;

	r->root = root;
	r->path = path;
	r->label = default_label(root, path);
	if (!r->label) {
		json_decref(root);
		snprintf(err, errlen, "%s: out of memory", path);
		return -ENOMEM;
	}
	return 0;

bad_hist:
	snprintf(err, errlen, "%s: %s", path, why);
	json_decref(root);
	return ret;
bad:
	json_decref(root);
	return -EINVAL;
}

void rb_rpt_free(struct rb_rpt *r)
{
	json_decref(r->root);
	free(r->label);
	memset(r, 0, sizeof(*r));
}

json_t *rb_j_get(json_t *obj, const char *path)
{
	char key[64];

	while (obj && json_is_object(obj)) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);

		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		obj = json_object_get(obj, key);
		if (!dot)
			return obj && !json_is_null(obj) ? obj : NULL;
		path = dot + 1;
	}
	return NULL;
}

const char *rb_j_str(json_t *obj, const char *path)
{
	json_t *v = rb_j_get(obj, path);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

bool rb_j_int(json_t *obj, const char *path, long long *out)
{
	json_t *v = rb_j_get(obj, path);

	if (!json_is_integer(v))
		return false;
	*out = json_integer_value(v);
	return true;
}

bool rb_j_num(json_t *obj, const char *path, double *out)
{
	json_t *v = rb_j_get(obj, path);

	if (!json_is_number(v))
		return false;
	*out = json_number_value(v);
	return true;
}

bool rb_j_bool(json_t *obj, const char *path, bool *out)
{
	json_t *v = rb_j_get(obj, path);

	if (!json_is_boolean(v))
		return false;
	*out = json_is_true(v);
	return true;
}

json_t *rb_j_obj(json_t *obj, const char *path)
{
	json_t *v = rb_j_get(obj, path);

	return json_is_object(v) ? v : NULL;
}

json_t *rb_j_arr(json_t *obj, const char *path)
{
	json_t *v = rb_j_get(obj, path);

	return json_is_array(v) ? v : NULL;
}

size_t rb_rpt_n_endpoints(const struct rb_rpt *r)
{
	json_t *eps = rb_j_arr(r->root, "endpoints");

	return eps ? json_array_size(eps) : 0;
}

int rb_rpt_endpoint_id(const struct rb_rpt *r, size_t i)
{
	json_t *ep = json_array_get(rb_j_arr(r->root, "endpoints"), i);
	long long id;

	if (!rb_j_int(ep, "id", &id) || id < 0 || id > 1000000)
		return -1;
	return (int)id;
}

json_t *rb_rpt_results(const struct rb_rpt *r, int ep)
{
	size_t i, n = rb_rpt_n_endpoints(r);

	if (ep == RB_RPT_TOTAL)
		return rb_j_obj(r->root, "total");
	for (i = 0; i < n; i++) {
		if (rb_rpt_endpoint_id(r, i) == ep)
			return rb_j_obj(json_array_get(rb_j_arr(r->root, "endpoints"), i),
					"results");
	}
	return NULL;
}
