/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sizes.h - message size generators.
 *
 * A message size is the whole frame, header included (rb_proto.h): from
 * RB_MIN_FRAME (16) to the endpoint's MTU (496 on virtio, RB_MAX_FRAME).
 * Kinds:
 *   fixed    one size
 *   list     sizes in the given order, cycling
 *   sweep    min, min + step, ..., up to max, cycling
 *   random   uniform in [min, max], from a seeded PRNG (splitmix64), so the
 *            same seed gives the same sequence on every machine
 * For list and sweep, `repeat` consecutive messages use each size before the
 * next one (1 = the size changes with every message).
 *
 * Specification strings (rb_sizes_parse, the command line):
 *   64                  fixed
 *   16,64,256           list
 *   16-496              sweep, step 1
 *   16-496:16           sweep, step 16
 *   random:16-496       random, seed 1
 *   random:16-496:42    random, seed 42 (0 .. 2^63 - 1: the report keeps it as a
 *                       JSON integer, so a run can always be repeated from its report)
 * Errors are -EINVAL with a message for the user in `err`.
 */
#ifndef RB_SIZES_H
#define RB_SIZES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rb_proto.h"

#define RB_SIZES_MAX_LIST     64 /* sizes in a list */
#define RB_SIZES_DEFAULT_SEED 1u
#define RB_SIZES_MAX_SEED     INT64_MAX

enum rb_sizes_kind {
	RB_SIZES_FIXED = 0,
	RB_SIZES_LIST,
	RB_SIZES_SWEEP,
	RB_SIZES_RANDOM,
};

struct rb_sizes {
	enum rb_sizes_kind kind;
	uint16_t min, max; /* smallest and largest size that can occur */
	uint16_t step;	   /* sweep */
	uint16_t n;	   /* fixed (1) and list: entries in values[] */
	uint16_t values[RB_SIZES_MAX_LIST];
	uint32_t repeat; /* list, sweep: messages per size before moving on, >= 1 */
	uint64_t seed;	 /* random */
	/* Generator state (rb_sizes_rewind restarts it). */
	uint64_t rng;
	uint32_t pos;  /* list index, or sweep offset from min */
	uint32_t left; /* messages left at the current size */
};

/*
 * Initialise a generator. Every size must be within RB_MIN_FRAME..mtu, where
 * mtu is the endpoint's largest message (0 means RB_MAX_FRAME; values above
 * RB_MAX_FRAME are capped to it: a frame cannot be longer). On error return
 * -EINVAL and write a message naming the offending value into err (errlen
 * bytes, may be 0); `s` is then unusable.
 */
int rb_sizes_fixed(struct rb_sizes *s, unsigned size, unsigned mtu, char *err, size_t errlen);
int rb_sizes_list(struct rb_sizes *s, const unsigned *sizes, size_t n, unsigned mtu, char *err,
		  size_t errlen);
int rb_sizes_sweep(struct rb_sizes *s, unsigned min, unsigned max, unsigned step, unsigned mtu,
		   char *err, size_t errlen);
int rb_sizes_random(struct rb_sizes *s, unsigned min, unsigned max, uint64_t seed, unsigned mtu,
		    char *err, size_t errlen);

/* Parse a specification string (see above) into `s`; errors as rb_sizes_fixed. */
int rb_sizes_parse(struct rb_sizes *s, const char *spec, unsigned mtu, char *err, size_t errlen);

/*
 * Messages per size for list and sweep (>= 1; ignored by fixed and random).
 * Returns 0 or -EINVAL for 0. Rewinds the generator.
 */
int rb_sizes_set_repeat(struct rb_sizes *s, uint32_t repeat);

/*
 * Check that every size `s` can produce fits an endpoint of `mtu` bytes, e.g.
 * once the endpoint is open and its MTU known. Returns 0 or -EINVAL with a
 * message in err.
 */
int rb_sizes_check(const struct rb_sizes *s, unsigned mtu, char *err, size_t errlen);

/* Restart the sequence from its first size (and the random seed). */
void rb_sizes_rewind(struct rb_sizes *s);

/* splitmix64 (Steele, Lea, Flood 2014): small, fast, and the same everywhere. */
static inline uint64_t rb_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Size of the next message. O(1), no allocation. */
static inline uint16_t rb_sizes_next(struct rb_sizes *s)
{
	uint16_t v;

	switch (s->kind) {
	case RB_SIZES_RANDOM: {
		uint64_t span = (uint64_t)(s->max - s->min) + 1;

		/* Multiply-shift maps 32 random bits onto the span (Lemire 2019). */
		return (uint16_t)(s->min + (((rb_splitmix64(&s->rng) >> 32) * span) >> 32));
	}
	case RB_SIZES_SWEEP:
		v = (uint16_t)(s->min + s->pos);
		if (--s->left == 0) {
			s->left = s->repeat;
			s->pos += s->step;
			if (s->min + s->pos > s->max)
				s->pos = 0;
		}
		return v;
	case RB_SIZES_LIST:
		v = s->values[s->pos];
		if (--s->left == 0) {
			s->left = s->repeat;
			if (++s->pos == s->n)
				s->pos = 0;
		}
		return v;
	case RB_SIZES_FIXED:
	default:
		return s->values[0];
	}
}

/*
 * The distinct sizes `s` can produce, ascending, written to out[0..max-1].
 * Returns how many there are (which may exceed max: then only the first max
 * are written). Used to size the per-size breakdown before the run.
 */
size_t rb_sizes_distinct(const struct rb_sizes *s, uint16_t *out, size_t max);

/* Name of the kind as in the report: "fixed", "list", "sweep", "random". */
const char *rb_sizes_kind_name(enum rb_sizes_kind kind);

#endif /* RB_SIZES_H */
