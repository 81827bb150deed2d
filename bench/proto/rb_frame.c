/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rb_frame.c - frame building, checking and byte-stream deframing.
 * See rb_proto.h for the wire format and rb_frame.h for the contracts.
 */
#include <string.h>

#include "rb_frame.h"

/* CRC-16/CCITT-FALSE table for polynomial 0x1021, MSB first. */
static const uint16_t crc16_table[256] = {
	0x0000, 0x1021, 0x2042, 0x3063, 0x4084, 0x50a5, 0x60c6, 0x70e7, 0x8108, 0x9129, 0xa14a,
	0xb16b, 0xc18c, 0xd1ad, 0xe1ce, 0xf1ef, 0x1231, 0x0210, 0x3273, 0x2252, 0x52b5, 0x4294,
	0x72f7, 0x62d6, 0x9339, 0x8318, 0xb37b, 0xa35a, 0xd3bd, 0xc39c, 0xf3ff, 0xe3de, 0x2462,
	0x3443, 0x0420, 0x1401, 0x64e6, 0x74c7, 0x44a4, 0x5485, 0xa56a, 0xb54b, 0x8528, 0x9509,
	0xe5ee, 0xf5cf, 0xc5ac, 0xd58d, 0x3653, 0x2672, 0x1611, 0x0630, 0x76d7, 0x66f6, 0x5695,
	0x46b4, 0xb75b, 0xa77a, 0x9719, 0x8738, 0xf7df, 0xe7fe, 0xd79d, 0xc7bc, 0x48c4, 0x58e5,
	0x6886, 0x78a7, 0x0840, 0x1861, 0x2802, 0x3823, 0xc9cc, 0xd9ed, 0xe98e, 0xf9af, 0x8948,
	0x9969, 0xa90a, 0xb92b, 0x5af5, 0x4ad4, 0x7ab7, 0x6a96, 0x1a71, 0x0a50, 0x3a33, 0x2a12,
	0xdbfd, 0xcbdc, 0xfbbf, 0xeb9e, 0x9b79, 0x8b58, 0xbb3b, 0xab1a, 0x6ca6, 0x7c87, 0x4ce4,
	0x5cc5, 0x2c22, 0x3c03, 0x0c60, 0x1c41, 0xedae, 0xfd8f, 0xcdec, 0xddcd, 0xad2a, 0xbd0b,
	0x8d68, 0x9d49, 0x7e97, 0x6eb6, 0x5ed5, 0x4ef4, 0x3e13, 0x2e32, 0x1e51, 0x0e70, 0xff9f,
	0xefbe, 0xdfdd, 0xcffc, 0xbf1b, 0xaf3a, 0x9f59, 0x8f78, 0x9188, 0x81a9, 0xb1ca, 0xa1eb,
	0xd10c, 0xc12d, 0xf14e, 0xe16f, 0x1080, 0x00a1, 0x30c2, 0x20e3, 0x5004, 0x4025, 0x7046,
	0x6067, 0x83b9, 0x9398, 0xa3fb, 0xb3da, 0xc33d, 0xd31c, 0xe37f, 0xf35e, 0x02b1, 0x1290,
	0x22f3, 0x32d2, 0x4235, 0x5214, 0x6277, 0x7256, 0xb5ea, 0xa5cb, 0x95a8, 0x8589, 0xf56e,
	0xe54f, 0xd52c, 0xc50d, 0x34e2, 0x24c3, 0x14a0, 0x0481, 0x7466, 0x6447, 0x5424, 0x4405,
	0xa7db, 0xb7fa, 0x8799, 0x97b8, 0xe75f, 0xf77e, 0xc71d, 0xd73c, 0x26d3, 0x36f2, 0x0691,
	0x16b0, 0x6657, 0x7676, 0x4615, 0x5634, 0xd94c, 0xc96d, 0xf90e, 0xe92f, 0x99c8, 0x89e9,
	0xb98a, 0xa9ab, 0x5844, 0x4865, 0x7806, 0x6827, 0x18c0, 0x08e1, 0x3882, 0x28a3, 0xcb7d,
	0xdb5c, 0xeb3f, 0xfb1e, 0x8bf9, 0x9bd8, 0xabbb, 0xbb9a, 0x4a75, 0x5a54, 0x6a37, 0x7a16,
	0x0af1, 0x1ad0, 0x2ab3, 0x3a92, 0xfd2e, 0xed0f, 0xdd6c, 0xcd4d, 0xbdaa, 0xad8b, 0x9de8,
	0x8dc9, 0x7c26, 0x6c07, 0x5c64, 0x4c45, 0x3ca2, 0x2c83, 0x1ce0, 0x0cc1, 0xef1f, 0xff3e,
	0xcf5d, 0xdf7c, 0xaf9b, 0xbfba, 0x8fd9, 0x9ff8, 0x6e17, 0x7e36, 0x4e55, 0x5e74, 0x2e93,
	0x3eb2, 0x0ed1, 0x1ef0,
};

uint16_t rb_crc16(uint16_t crc, const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		crc = (uint16_t)((crc << 8) ^ crc16_table[((crc >> 8) ^ *b++) & 0xff]);
	return crc;
}

void rb_pattern_fill(uint8_t *p, size_t len, uint32_t seq)
{
	uint32_t w = rb_pattern_seed(seq);
	size_t i = 0;

	/* Four words per step: this runs for every message sent. */
	for (; i + 16 <= len; i += 16, w += 4 * RB_PATTERN_STEP) {
		uint32_t v[4] = {w, w + RB_PATTERN_STEP, w + 2 * RB_PATTERN_STEP,
				 w + 3 * RB_PATTERN_STEP};

		memcpy(p + i, v, sizeof(v));
	}
	for (; i + 4 <= len; i += 4, w += RB_PATTERN_STEP)
		memcpy(p + i, &w, 4);
	if (i < len)
		memcpy(p + i, &w, len - i);
}

/* First byte in [from, to) of word w (starting at byte `at`) that differs from p, or `to`. */
static size_t first_diff(const uint8_t *p, size_t at, size_t from, size_t to, uint32_t w)
{
	uint8_t want[4];

	memcpy(want, &w, sizeof(want));
	for (size_t k = from; k < to; k++)
		if (p[k] != want[k - at])
			return k;
	return to;
}

size_t rb_pattern_check(const uint8_t *p, size_t len, uint32_t seq, size_t skip)
{
	size_t first = skip < len ? skip : len; /* first byte to check */
	size_t i = first & ~(size_t)3;		/* its word */
	uint32_t w = rb_pattern_seed(seq) + (uint32_t)(i / 4) * RB_PATTERN_STEP;
	size_t k;

	/* A word straddling the end of the skipped bytes: only its last bytes count. */
	if (i < first) {
		size_t to = i + 4 < len ? i + 4 : len;

		k = first_diff(p, i, first, to, w);
		if (k < to)
			return k;
		i += 4;
		w += RB_PATTERN_STEP;
	}
	/*
	 * Hot path (every reply): OR together the differences of whole words,
	 * four per step, and look for the differing byte only when there is
	 * one; words are read as 32-bit loads, little-endian like the fill.
	 */
	{
		size_t start = i;
		uint32_t w0 = w, acc = 0;

		for (; i + 16 <= len; i += 16, w += 4 * RB_PATTERN_STEP) {
			uint32_t v[4];

			memcpy(v, p + i, sizeof(v));
			acc |= (v[0] ^ w) | (v[1] ^ (w + RB_PATTERN_STEP)) |
			       (v[2] ^ (w + 2 * RB_PATTERN_STEP)) |
			       (v[3] ^ (w + 3 * RB_PATTERN_STEP));
		}
		for (; i + 4 <= len; i += 4, w += RB_PATTERN_STEP) {
			uint32_t v;

			memcpy(&v, p + i, sizeof(v));
			acc |= v ^ w;
		}
		if (acc) {
			/* Rare: find the first differing word again. */
			for (i = start, w = w0;; i += 4, w += RB_PATTERN_STEP) {
				k = first_diff(p, i, i, i + 4, w);
				if (k < i + 4)
					return k;
			}
		}
	}
	/* A short last word. */
	return i < len ? first_diff(p, i, i, len, w) : len;
}

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static inline uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) | ((uint32_t)get16(p + 2) << 16);
}

size_t rb_frame_seal(uint8_t *buf, uint8_t type, uint16_t flags, uint32_t seq, uint16_t len)
{
	put16(buf + 0, RB_MAGIC);
	buf[2] = RB_VERSION;
	buf[3] = type;
	put32(buf + 4, seq);
	put16(buf + 8, len);
	put16(buf + 10, flags);
	put16(buf + 12, (flags & RB_F_PCHECK) ? rb_crc16(0xFFFF, buf + RB_HDR_SIZE, len) : 0);
	put16(buf + 14, rb_crc16(0xFFFF, buf, 14));
	return RB_HDR_SIZE + (size_t)len;
}

size_t rb_frame_build_data(uint8_t *buf, size_t size, uint32_t seq, uint16_t flags)
{
	uint16_t len = (uint16_t)(size - RB_HDR_SIZE);

	rb_pattern_fill(buf + RB_HDR_SIZE, len, seq);
	return rb_frame_seal(buf, RB_T_DATA, flags, seq, len);
}

size_t rb_frame_build_ctrl(uint8_t *buf, uint8_t type, uint32_t seq, const void *payload,
			   uint16_t len)
{
	if (len)
		memcpy(buf + RB_HDR_SIZE, payload, len);
	return rb_frame_seal(buf, type, RB_F_PCHECK, seq, len);
}

int rb_hdr_parse(const uint8_t *p, size_t n, struct rb_hdr *hdr)
{
	if (n < RB_HDR_SIZE || get16(p) != RB_MAGIC || p[2] != RB_VERSION)
		return -RB_EBADMSG;
	if (get16(p + 14) != rb_crc16(0xFFFF, p, 14))
		return -RB_EBADMSG;
	hdr->magic = RB_MAGIC;
	hdr->version = p[2];
	hdr->type = p[3];
	hdr->seq = get32(p + 4);
	hdr->len = get16(p + 8);
	hdr->flags = get16(p + 10);
	hdr->pcheck = get16(p + 12);
	hdr->hcheck = get16(p + 14);
	if (hdr->len > RB_MAX_PAYLOAD)
		return -RB_EMSGSIZE;
	return 0;
}

int rb_frame_parse(const uint8_t *p, size_t n, struct rb_hdr *hdr)
{
	int ret = rb_hdr_parse(p, n, hdr);

	if (ret)
		return ret;
	if (n != RB_HDR_SIZE + (size_t)hdr->len)
		return -RB_EMSGSIZE;
	if ((hdr->flags & RB_F_PCHECK) &&
	    hdr->pcheck != rb_crc16(0xFFFF, p + RB_HDR_SIZE, hdr->len))
		return -RB_EILSEQ;
	return 0;
}

void rb_deframer_init(struct rb_deframer *d)
{
	memset(d, 0, sizeof(*d));
}

size_t rb_deframer_space(const struct rb_deframer *d)
{
	return sizeof(d->buf) - (d->end - d->start);
}

size_t rb_deframer_push(struct rb_deframer *d, const uint8_t *p, size_t n)
{
	size_t room;

	/* Slide unconsumed bytes to the front only when the tail has no room. */
	if (d->start && sizeof(d->buf) - d->end < n) {
		memmove(d->buf, d->buf + d->start, d->end - d->start);
		d->end -= d->start;
		d->start = 0;
	}
	room = sizeof(d->buf) - d->end;
	if (n > room)
		n = room;
	memcpy(d->buf + d->end, p, n);
	d->end += n;
	return n;
}

/* Index of the first byte at or after `from` that may begin a frame. */
static size_t find_magic(const struct rb_deframer *d, size_t from)
{
	for (size_t i = from; i < d->end; i++) {
		if (d->buf[i] != RB_MAGIC0)
			continue;
		if (i + 1 == d->end || d->buf[i + 1] == RB_MAGIC1)
			return i;
	}
	return d->end;
}

static enum rb_item_kind emit_raw(struct rb_deframer *d, struct rb_item *item, size_t upto)
{
	item->kind = RB_ITEM_RAW;
	item->p = d->buf + d->start;
	item->n = upto - d->start;
	d->start = upto;
	d->raw_bytes += item->n;
	d->raw_runs++;
	return RB_ITEM_RAW;
}

enum rb_item_kind rb_deframer_next(struct rb_deframer *d, struct rb_item *item)
{
	size_t avail, at;

	item->kind = RB_ITEM_NONE;
	item->n = 0;
	if (d->start == d->end) {
		d->start = d->end = 0;
		return RB_ITEM_NONE;
	}

	at = find_magic(d, d->start);
	if (at > d->start)
		return emit_raw(d, item, at);

	avail = d->end - d->start;
	if (avail < RB_HDR_SIZE)
		return RB_ITEM_NONE; /* a header may be arriving */

	if (rb_hdr_parse(d->buf + d->start, avail, &item->hdr)) {
		/* Not a frame after all: this magic is garbage, resume after it. */
		d->bad_headers++;
		return emit_raw(d, item, find_magic(d, d->start + 1));
	}

	if (avail < RB_HDR_SIZE + (size_t)item->hdr.len)
		return RB_ITEM_NONE;

	item->kind = RB_ITEM_FRAME;
	item->p = d->buf + d->start;
	item->n = RB_HDR_SIZE + item->hdr.len;
	d->start += item->n;
	d->frames++;
	return RB_ITEM_FRAME;
}

enum rb_item_kind rb_deframer_flush(struct rb_deframer *d, struct rb_item *item)
{
	item->kind = RB_ITEM_NONE;
	item->n = 0;
	if (d->start == d->end)
		return RB_ITEM_NONE;
	return emit_raw(d, item, d->end);
}
