/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sizes.c - message size generators (see sizes.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sizes.h"

__attribute__((format(printf, 3, 4))) static int fail(char *err, size_t errlen, const char *fmt,
						      ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static unsigned eff_mtu(unsigned mtu)
{
	return (mtu == 0 || mtu > RB_MAX_FRAME) ? RB_MAX_FRAME : mtu;
}

/* One size within RB_MIN_FRAME..mtu, or -EINVAL with a message. */
static int check_one(unsigned size, unsigned mtu, char *err, size_t errlen)
{
	if (size < RB_MIN_FRAME)
		return fail(err, errlen,
			    "message size %u is below the minimum of %u bytes (the frame header; "
			    "sizes count the whole frame)",
			    size, RB_MIN_FRAME);
	if (size > eff_mtu(mtu))
		return fail(err, errlen,
			    "message size %u is above the endpoint's MTU of %u bytes (sizes count "
			    "the whole frame, header included)",
			    size, eff_mtu(mtu));
	return 0;
}

static void init_common(struct rb_sizes *s, enum rb_sizes_kind kind)
{
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->repeat = 1;
	s->seed = RB_SIZES_DEFAULT_SEED;
}

int rb_sizes_fixed(struct rb_sizes *s, unsigned size, unsigned mtu, char *err, size_t errlen)
{
	int ret = check_one(size, mtu, err, errlen);

	init_common(s, RB_SIZES_FIXED);
	if (ret)
		return ret;
	s->values[0] = (uint16_t)size;
	s->n = 1;
	s->min = s->max = (uint16_t)size;
	rb_sizes_rewind(s);
	return 0;
}

int rb_sizes_list(struct rb_sizes *s, const unsigned *sizes, size_t n, unsigned mtu, char *err,
		  size_t errlen)
{
	init_common(s, RB_SIZES_LIST);
	if (n == 0)
		return fail(err, errlen, "empty list of message sizes");
	if (n > RB_SIZES_MAX_LIST)
		return fail(err, errlen, "too many message sizes: %zu (at most %u)", n,
			    RB_SIZES_MAX_LIST);
	s->min = UINT16_MAX;
	for (size_t i = 0; i < n; i++) {
		int ret = check_one(sizes[i], mtu, err, errlen);

		if (ret)
			return ret;
		s->values[i] = (uint16_t)sizes[i];
		if (s->values[i] < s->min)
			s->min = s->values[i];
		if (s->values[i] > s->max)
			s->max = s->values[i];
	}
	s->n = (uint16_t)n;
	rb_sizes_rewind(s);
	return 0;
}

int rb_sizes_sweep(struct rb_sizes *s, unsigned min, unsigned max, unsigned step, unsigned mtu,
		   char *err, size_t errlen)
{
	int ret;

	init_common(s, RB_SIZES_SWEEP);
	if (min > max)
		return fail(err, errlen, "size sweep %u-%u: the first size is above the last", min,
			    max);
	if (step == 0 || step > RB_MAX_FRAME)
		return fail(err, errlen, "size sweep %u-%u: step %u must be 1..%u", min, max, step,
			    RB_MAX_FRAME);
	ret = check_one(min, mtu, err, errlen);
	if (!ret)
		ret = check_one(max, mtu, err, errlen);
	if (ret)
		return ret;
	s->min = (uint16_t)min;
	/* The largest size actually produced: the last step at or below max. */
	s->max = (uint16_t)(min + (max - min) / step * step);
	s->step = (uint16_t)step;
	rb_sizes_rewind(s);
	return 0;
}

int rb_sizes_random(struct rb_sizes *s, unsigned min, unsigned max, uint64_t seed, unsigned mtu,
		    char *err, size_t errlen)
{
	int ret;

	init_common(s, RB_SIZES_RANDOM);
	if (min > max)
		return fail(err, errlen, "random sizes %u-%u: the lower bound is above the upper",
			    min, max);
	if (seed > RB_SIZES_MAX_SEED)
		return fail(err, errlen, "random sizes: seed %llu is above %lld",
			    (unsigned long long)seed, (long long)RB_SIZES_MAX_SEED);
	ret = check_one(min, mtu, err, errlen);
	if (!ret)
		ret = check_one(max, mtu, err, errlen);
	if (ret)
		return ret;
	s->min = (uint16_t)min;
	s->max = (uint16_t)max;
	s->seed = seed;
	rb_sizes_rewind(s);
	return 0;
}

/* Parse an unsigned decimal number at *p, advancing *p. */
static int parse_num(const char **p, unsigned long long max, unsigned long long *out)
{
	char *end;
	unsigned long long v;

	if (**p < '0' || **p > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(*p, &end, 10);
	if (errno || v > max)
		return -EINVAL;
	*p = end;
	*out = v;
	return 0;
}

int rb_sizes_parse(struct rb_sizes *s, const char *spec, unsigned mtu, char *err, size_t errlen)
{
	const char *p = spec;
	unsigned long long a, b, c;
	bool random = false;

	init_common(s, RB_SIZES_FIXED);
	if (!spec || !*spec)
		return fail(err, errlen, "empty message size");
	if (!strncmp(p, "random:", 7)) {
		random = true;
		p += 7;
	}
	if (parse_num(&p, UINT_MAX, &a))
		goto bad;
	if (*p == '-') {
		p++;
		if (parse_num(&p, UINT_MAX, &b))
			goto bad;
		c = random ? RB_SIZES_DEFAULT_SEED : 1;
		if (*p == ':') {
			p++;
			if (parse_num(&p, random ? UINT64_MAX : UINT_MAX, &c))
				goto bad;
		}
		if (*p)
			goto bad;
		if (random)
			return rb_sizes_random(s, (unsigned)a, (unsigned)b, c, mtu, err, errlen);
		return rb_sizes_sweep(s, (unsigned)a, (unsigned)b, (unsigned)c, mtu, err, errlen);
	}
	if (random)
		goto bad;
	if (*p == ',') {
		unsigned list[RB_SIZES_MAX_LIST];
		size_t n = 0;

		list[n++] = (unsigned)a;
		while (*p == ',') {
			p++;
			if (n == RB_SIZES_MAX_LIST)
				return fail(err, errlen,
					    "too many message sizes in '%s' (at most %u)", spec,
					    RB_SIZES_MAX_LIST);
			if (parse_num(&p, UINT_MAX, &b))
				goto bad;
			list[n++] = (unsigned)b;
		}
		if (*p)
			goto bad;
		return rb_sizes_list(s, list, n, mtu, err, errlen);
	}
	if (*p)
		goto bad;
	return rb_sizes_fixed(s, (unsigned)a, mtu, err, errlen);

bad:
	return fail(err, errlen,
		    "cannot parse message size '%s' (expected N, N,N,..., MIN-MAX[:STEP] or "
		    "random:MIN-MAX[:SEED])",
		    spec);
}

int rb_sizes_set_repeat(struct rb_sizes *s, uint32_t repeat)
{
	if (!repeat)
		return -EINVAL;
	s->repeat = repeat;
	rb_sizes_rewind(s);
	return 0;
}

int rb_sizes_check(const struct rb_sizes *s, unsigned mtu, char *err, size_t errlen)
{
	int ret = check_one(s->min, mtu, err, errlen);

	return ret ? ret : check_one(s->max, mtu, err, errlen);
}

void rb_sizes_rewind(struct rb_sizes *s)
{
	s->rng = s->seed;
	s->pos = 0;
	s->left = s->repeat;
}

size_t rb_sizes_distinct(const struct rb_sizes *s, uint16_t *out, size_t max)
{
	bool seen[RB_MAX_FRAME + 1] = {false};
	size_t n = 0;

	switch (s->kind) {
	case RB_SIZES_FIXED:
	case RB_SIZES_LIST:
		for (size_t i = 0; i < s->n; i++)
			seen[s->values[i]] = true;
		break;
	case RB_SIZES_SWEEP:
		for (unsigned v = s->min; v <= s->max; v += s->step)
			seen[v] = true;
		break;
	case RB_SIZES_RANDOM:
		for (unsigned v = s->min; v <= s->max; v++)
			seen[v] = true;
		break;
	}
	for (unsigned v = 0; v <= RB_MAX_FRAME; v++) {
		if (!seen[v])
			continue;
		if (n < max)
			out[n] = (uint16_t)v;
		n++;
	}
	return n;
}

const char *rb_sizes_kind_name(enum rb_sizes_kind kind)
{
	switch (kind) {
	case RB_SIZES_FIXED:
		return "fixed";
	case RB_SIZES_LIST:
		return "list";
	case RB_SIZES_SWEEP:
		return "sweep";
	case RB_SIZES_RANDOM:
		return "random";
	}
	return "unknown";
}
