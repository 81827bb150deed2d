/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rb_frame.h - building, checking and finding rpmsg-bench frames.
 *
 * Shared by the benchmark and the firmware (freestanding: no allocation, no
 * libc beyond memcpy/memmove/memset, which the firmware provides).
 */
#ifndef RB_FRAME_H
#define RB_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rb_proto.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "rb_frame assumes a little-endian CPU (x86, Arm Cortex-A/M as configured on i.MX)"
#endif

/* Errors returned (negated) by rb_frame_parse(); values of Linux's errno.h. */
#define RB_EBADMSG 74 /* magic, version or header CRC wrong */
#define RB_EMSGSIZE 90 /* len larger than RB_MAX_PAYLOAD or than the bytes given */
#define RB_EILSEQ 84 /* payload CRC (RB_F_PCHECK) wrong */

/* CRC-16/CCITT-FALSE of n bytes, continuing from crc (start with 0xFFFF). */
uint16_t rb_crc16(uint16_t crc, const void *p, size_t n);

/*
 * Payload pattern of data frame `seq`: 32-bit words seed + j * step, stored
 * little-endian, the last word truncated to the payload length. Cheap to
 * generate and to check, and different for every sequence number.
 */
static inline uint32_t rb_pattern_seed(uint32_t seq)
{
	uint32_t x = seq * 0x9E3779B1u;

	return x ^ (x >> 16);
}

#define RB_PATTERN_STEP 0x6D2B79F5u

/* Fill `len` bytes with the payload pattern of frame `seq`. */
void rb_pattern_fill(uint8_t *p, size_t len, uint32_t seq);

/*
 * Compare `len` payload bytes with the pattern of frame `seq`, ignoring the
 * first `skip` bytes (remote timestamps). Returns the index of the first
 * differing byte, or len when they all match.
 */
size_t rb_pattern_check(const uint8_t *p, size_t len, uint32_t seq, size_t skip);

/*
 * Header CRCs of frames that differ in seq only (the data frames of one size).
 * CRC-16 is linear over GF(2): a header's hcheck is the CRC of the same header
 * with seq = 0 (`base`, kept for the last layout seen) xor a part computed
 * from the four seq bytes alone, six table look-ups instead of fourteen. A
 * zeroed struct is an empty cache. With the single-table CRC (Arm, the
 * firmware) the cache is not used and the CRC is computed in full.
 */
struct rb_hcrc {
	bool valid;
	uint32_t k0;   /* header bytes 0..3 (magic, version, type) of base's layout */
	uint64_t k1;   /* header bytes 8..13 (len, flags, pcheck) */
	uint16_t base; /* CRC-16 of that header with seq = 0 */
};

/*
 * CRC-16 of bytes 0..13 of the 16-byte header at p: rb_crc16(0xFFFF, p, 14),
 * through the cache `hc`, or in full when hc is NULL.
 */
uint16_t rb_hdr_crc(struct rb_hcrc *hc, const uint8_t *p);

/*
 * Write a header for a frame of `len` payload bytes already at buf + 16 and
 * compute its checks (payload CRC only when RB_F_PCHECK is in flags).
 * Returns the frame size, 16 + len. `len` must be <= RB_MAX_PAYLOAD.
 */
size_t rb_frame_seal(uint8_t *buf, uint8_t type, uint16_t flags, uint32_t seq, uint16_t len);

/*
 * Build a data frame of `size` bytes in total (header included,
 * RB_MIN_FRAME <= size <= RB_MAX_FRAME) with the pattern payload of `seq`.
 * Returns size.
 */
size_t rb_frame_build_data(uint8_t *buf, size_t size, uint32_t seq, uint16_t flags);

/* rb_frame_build_data() with the header CRC through `hc` (same bytes; NULL: in full). */
size_t rb_frame_build_data_hc(struct rb_hcrc *hc, uint8_t *buf, size_t size, uint32_t seq,
			      uint16_t flags);

/*
 * Build a control frame: copies `len` payload bytes from `payload` and sets
 * RB_F_PCHECK. Returns the frame size.
 */
size_t rb_frame_build_ctrl(uint8_t *buf, uint8_t type, uint32_t seq, const void *payload,
			   uint16_t len);

/*
 * Check the header at p (n bytes available, n >= 16) and decode it into *hdr.
 * Returns 0, -RB_EBADMSG (magic, version or hcheck wrong) or -RB_EMSGSIZE
 * (len > RB_MAX_PAYLOAD).
 */
int rb_hdr_parse(const uint8_t *p, size_t n, struct rb_hdr *hdr);

/* rb_hdr_parse() with the header CRC through `hc` (same result; NULL: in full). */
int rb_hdr_parse_hc(struct rb_hcrc *hc, const uint8_t *p, size_t n, struct rb_hdr *hdr);

/*
 * Check a whole frame of exactly n bytes: header, n == 16 + len, and the
 * payload CRC when RB_F_PCHECK is set. Returns 0, -RB_EBADMSG, -RB_EMSGSIZE
 * or -RB_EILSEQ.
 */
int rb_frame_parse(const uint8_t *p, size_t n, struct rb_hdr *hdr);

/*
 * Byte-stream deframer for ttys. Bytes go in with rb_deframer_push(); items
 * come out of rb_deframer_next(), in stream order, each either a whole frame
 * whose header checks passed, or a run of bytes that are not part of any
 * frame (garbage, a "hello world!" greeting, damaged headers). A possible
 * frame start at the end of the buffer is held back until enough bytes
 * arrive; rb_deframer_flush() releases it as raw bytes (e.g. after a quiet
 * period, so a generic echo peer never holds bytes forever).
 */
enum rb_item_kind {
	RB_ITEM_NONE = 0,  /* need more bytes */
	RB_ITEM_FRAME = 1, /* [p, p + n) is a frame with a valid header */
	RB_ITEM_RAW = 2,   /* [p, p + n) are bytes outside any frame */
};

struct rb_item {
	enum rb_item_kind kind;
	const uint8_t *p; /* valid until the next push/next/flush call */
	size_t n;
	struct rb_hdr hdr; /* decoded header when kind == RB_ITEM_FRAME */
};

struct rb_deframer {
	uint8_t buf[2 * RB_MAX_FRAME];
	size_t start; /* first unconsumed byte */
	size_t end;   /* one past the last buffered byte */
	/* Counters, never reset by the deframer itself. */
	uint64_t frames;      /* frames returned */
	uint64_t raw_bytes;   /* bytes returned as RB_ITEM_RAW */
	uint64_t raw_runs;    /* RB_ITEM_RAW items returned (a resync each) */
	uint64_t bad_headers; /* magic found but header rejected */
	struct rb_hcrc hc;    /* header CRCs of the frames seen */
};

void rb_deframer_init(struct rb_deframer *d);

/* Room for more bytes right now; push at most this many. */
size_t rb_deframer_space(const struct rb_deframer *d);

/* Append up to n bytes; returns how many were taken (<= rb_deframer_space()). */
size_t rb_deframer_push(struct rb_deframer *d, const uint8_t *p, size_t n);

/* Next item, or RB_ITEM_NONE when more bytes are needed. */
enum rb_item_kind rb_deframer_next(struct rb_deframer *d, struct rb_item *item);

/*
 * In-place fast path for a reader with its own buffer (rpmsg-bench's read()
 * buffer): when nothing is buffered and [p, p + n) begins with a whole frame
 * whose header checks pass, describe it in `item` (item->p points into p)
 * and return its length. Otherwise return 0 and set *push to how many of the
 * bytes to rb_deframer_push() before draining rb_deframer_next(): up to the
 * next possible frame start, or what a buffered frame still lacks, so that
 * whole frames after a cut or after garbage are taken in place again. Reading
 * this way gives the same items as pushing everything.
 */
size_t rb_deframer_take(struct rb_deframer *d, const uint8_t *p, size_t n, struct rb_item *item,
			size_t *push);

/* Release everything still buffered as one RB_ITEM_RAW item (or NONE if empty). */
enum rb_item_kind rb_deframer_flush(struct rb_deframer *d, struct rb_item *item);

/* Bytes buffered but not yet returned. */
static inline size_t rb_deframer_pending(const struct rb_deframer *d)
{
	return d->end - d->start;
}

#endif /* RB_FRAME_H */
