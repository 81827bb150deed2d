/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test-frame - the frame codec shared with the firmware (bench/proto):
 * CRC check value, payload pattern against every single-byte flip, frame
 * parse errors, and the byte-stream deframer with byte-at-a-time delivery,
 * seeded random garbage between frames, the "hello world!" greeting, damaged
 * headers, frames split across pushes and flush, with exact frame and raw
 * byte counts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rb_frame.h"
#include "sizes.h" /* rb_splitmix64 */
#include "t_check.h"

static void test_crc(void)
{
	T_CHECK(rb_crc16(0xFFFF, "123456789", 9) == 0x29B1, "check value 0x%04x",
		rb_crc16(0xFFFF, "123456789", 9));
	T_CHECK(rb_crc16(0xFFFF, "", 0) == 0xFFFF, "empty input keeps init");
	/* Continuation: CRC of a split buffer equals CRC of the whole. */
	T_CHECK(rb_crc16(rb_crc16(0xFFFF, "1234", 4), "56789", 5) == 0x29B1, "continuation");
}

/* CRC-16/CCITT-FALSE one bit at a time: the definition, independent of any table. */
static uint16_t crc16_bitwise(uint16_t crc, const uint8_t *p, size_t n)
{
	while (n--) {
		crc ^= (uint16_t)(*p++ << 8);
		for (int k = 0; k < 8; k++)
			crc = (uint16_t)((crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1);
	}
	return crc;
}

/*
 * rb_crc16 (slice-by-8 on hosts) is bit-identical to the bitwise definition
 * for every length 0..600, random contents, random start values and
 * unaligned starts, and when split at any point.
 */
static void test_crc_random(void)
{
	uint8_t buf[608];
	uint32_t x = 0x12345678u;
	int bad = 0;

	for (int round = 0; round < 4; round++) {
		for (size_t i = 0; i < sizeof(buf); i++) {
			x = x * 1664525u + 1013904223u; /* LCG: reproducible */
			buf[i] = (uint8_t)(x >> 24);
		}
		for (size_t len = 0; len <= 600; len++) {
			size_t off = (len + (size_t)round) % 8;
			uint16_t init = round ? (uint16_t)(x >> 8) : 0xFFFF;
			uint16_t want = crc16_bitwise(init, buf + off, len);
			size_t cut = len ? (x >> 4) % len : 0;

			if (rb_crc16(init, buf + off, len) != want ||
			    rb_crc16(rb_crc16(init, buf + off, cut), buf + off + cut, len - cut) !=
				    want)
				bad++;
		}
	}
	T_CHECK(bad == 0, "%d lengths differ from the bitwise CRC", bad);
}

/*
 * The cached header CRC (rb_hdr_crc) equals the full one for random headers
 * whose layout changes now and then, and the _hc builders and parser give
 * the same bytes and results as the plain ones.
 */
static void test_hdr_crc_cache(void)
{
	struct rb_hcrc hc = {0}, hc2 = {0};
	uint64_t rng = 99;
	uint8_t h[RB_HDR_SIZE], a[RB_MAX_FRAME], b[RB_MAX_FRAME];
	unsigned bad = 0;

	for (int i = 0; i < 200000; i++) {
		uint64_t r = rb_splitmix64(&rng);

		if (i == 0 || r % 97 == 0) { /* a new layout: every byte but seq */
			for (size_t k = 0; k < sizeof(h); k++)
				h[k] = (uint8_t)rb_splitmix64(&rng);
		}
		memcpy(h + 4, &r, 4);
		h[14 + r % 2] ^= (uint8_t)(r >> 40); /* hcheck's bytes: not part of the CRC */
		if (rb_hdr_crc(&hc, h) != rb_crc16(0xFFFF, h, 14))
			bad++;
	}
	T_CHECK(bad == 0, "cached header CRC differs %u times", bad);

	bad = 0;
	for (size_t size = RB_MIN_FRAME; size <= RB_MAX_FRAME; size += 7) {
		for (uint32_t seq = 0; seq < 40; seq++) {
			uint16_t flags = seq % 3 ? 0 : RB_F_WARMUP;
			uint32_t s = seq * 0x01010101u + (uint32_t)size;
			struct rb_hdr x, y;
			int rx, ry;

			if (rb_frame_build_data_hc(&hc2, a, size, s, flags) !=
				    rb_frame_build_data(b, size, s, flags) ||
			    memcmp(a, b, size))
				bad++;
			a[rb_splitmix64(&rng) % 16] ^= (uint8_t)(seq % 2); /* damage half of them */
			rx = rb_hdr_parse_hc(&hc, a, size, &x);
			ry = rb_hdr_parse(a, size, &y);
			if (rx != ry || (!rx && memcmp(&x, &y, sizeof(x))))
				bad++;
		}
	}
	T_CHECK(bad == 0, "_hc builders and parser differ %u times", bad);
}

static void test_pattern(void)
{
	static const size_t lens[] = {0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 33, 64, 479, 480};
	static const uint8_t flips[] = {0x01, 0x80, 0xFF, 0x5A};
	uint8_t buf[RB_MAX_PAYLOAD];

	for (size_t li = 0; li < sizeof(lens) / sizeof(lens[0]); li++) {
		size_t len = lens[li];

		rb_pattern_fill(buf, len, 1234567);
		/* The definition: word j is seed + j * step, little-endian. */
		for (size_t i = 0; i < len; i++) {
			uint32_t w = rb_pattern_seed(1234567) + (uint32_t)(i / 4) * RB_PATTERN_STEP;

			T_CHECK(buf[i] == (uint8_t)(w >> (8 * (i % 4))),
				"len %zu: byte %zu of the fill", len, i);
		}
		T_CHECK(rb_pattern_check(buf, len, 1234567, 0) == len, "len %zu intact", len);
		if (len >= 4)
			T_CHECK(rb_pattern_check(buf, len, 1234568, 0) < len,
				"len %zu: other seq differs", len);
		for (size_t i = 0; i < len; i++) {
			for (size_t f = 0; f < sizeof(flips); f++) {
				size_t got;

				buf[i] ^= flips[f];
				got = rb_pattern_check(buf, len, 1234567, 0);
				T_CHECK(got == i, "len %zu flip 0x%02x at %zu found at %zu", len,
					flips[f], i, got);
				/* With a skip, flips inside it are ignored, beyond it found. */
				for (size_t skip = 0; skip <= 6 && skip <= len; skip++) {
					got = rb_pattern_check(buf, len, 1234567, skip);
					T_CHECK(got == (i < skip ? len : i),
						"len %zu skip %zu flip at %zu: got %zu", len, skip,
						i, got);
				}
				buf[i] ^= flips[f];
			}
		}
	}
	/* Two flips: the first one is reported, and a skipped one does not hide the other. */
	rb_pattern_fill(buf, 64, 9);
	buf[1] ^= 1;
	buf[40] ^= 1;
	T_CHECK(rb_pattern_check(buf, 64, 9, 0) == 1, "first of two");
	T_CHECK(rb_pattern_check(buf, 64, 9, 2) == 40, "skip hides the first only");
	T_CHECK(rb_pattern_check(buf, 64, 9, 16) == 40, "remote-ts skip of 16");
}

static void test_parse(void)
{
	uint8_t f[RB_MAX_FRAME + 16], g[RB_MAX_FRAME + 16];
	struct rb_hdr h;
	size_t n;

	n = rb_frame_build_data(f, 64, 77, RB_F_WARMUP);
	T_CHECK(n == 64, "data frame size");
	T_CHECK(rb_frame_parse(f, n, &h) == 0, "parse data");
	T_CHECK(h.seq == 77 && h.len == 48 && h.type == RB_T_DATA && h.flags == RB_F_WARMUP,
		"decoded header");
	T_CHECK(f[0] == 0xA5 && f[1] == 0xB7, "magic bytes on the wire");
	T_CHECK(rb_pattern_check(f + RB_HDR_SIZE, h.len, 77, 0) == h.len, "payload pattern");
	/* Every header byte matters (hcheck covers 0..13; 14..15 are hcheck). */
	for (size_t i = 0; i < RB_HDR_SIZE; i++) {
		memcpy(g, f, n);
		g[i] ^= 0x10;
		T_CHECK(rb_frame_parse(g, n, &h) == -RB_EBADMSG, "header byte %zu damaged", i);
	}
	T_CHECK(rb_frame_parse(f, n - 1, &h) == -RB_EMSGSIZE, "one byte short");
	T_CHECK(rb_frame_parse(f, n + 1, &h) == -RB_EMSGSIZE, "one byte long");
	T_CHECK(rb_hdr_parse(f, 15, &h) == -RB_EBADMSG, "header needs 16 bytes");
	T_CHECK(rb_frame_build_data(f, RB_MIN_FRAME, 1, 0) == 16 &&
			rb_frame_parse(f, 16, &h) == 0 && h.len == 0,
		"empty payload");
	T_CHECK(rb_frame_build_data(f, RB_MAX_FRAME, 1, 0) == RB_MAX_FRAME &&
			rb_frame_parse(f, RB_MAX_FRAME, &h) == 0 && h.len == RB_MAX_PAYLOAD,
		"largest frame");
	/* A well-formed header announcing more than 480 bytes. */
	memset(f + RB_HDR_SIZE, 0, RB_MAX_PAYLOAD + 1);
	rb_frame_seal(f, RB_T_DATA, 0, 5, RB_MAX_PAYLOAD + 1);
	T_CHECK(rb_hdr_parse(f, sizeof(f), &h) == -RB_EMSGSIZE, "len 481 refused");

	/* Control frames carry a payload CRC. */
	n = rb_frame_build_ctrl(f, RB_T_PING, 3, "ping-payload", 12);
	T_CHECK(n == 28 && rb_frame_parse(f, n, &h) == 0 && (h.flags & RB_F_PCHECK), "ctrl frame");
	f[RB_HDR_SIZE + 5] ^= 1;
	T_CHECK(rb_frame_parse(f, n, &h) == -RB_EILSEQ, "ctrl payload damaged");
	n = rb_frame_build_ctrl(f, RB_T_INFO, 4, NULL, 0);
	T_CHECK(n == 16 && rb_frame_parse(f, n, &h) == 0, "ctrl without payload");
}

/* Feed a whole stream into a deframer in chunks of `chunk` bytes (0: random 1..64). */
struct t_out {
	uint32_t seqs[4096];
	size_t nframes;
	size_t raw;
	int bad_payload;
};

static void t_frame(struct t_out *o, const struct rb_item *it)
{
	if (o->nframes < 4096)
		o->seqs[o->nframes] = it->hdr.seq;
	o->nframes++;
	if (rb_pattern_check(it->p + RB_HDR_SIZE, it->hdr.len, it->hdr.seq, 0) != it->hdr.len)
		o->bad_payload++;
}

static void t_drain(struct rb_deframer *d, struct t_out *o)
{
	struct rb_item it;

	while (rb_deframer_next(d, &it) != RB_ITEM_NONE) {
		if (it.kind == RB_ITEM_FRAME)
			t_frame(o, &it);
		else
			o->raw += it.n;
	}
}

static void t_feed(struct rb_deframer *d, const uint8_t *s, size_t n, size_t chunk, uint64_t *rng,
		   struct t_out *o)
{
	size_t off = 0;

	while (off < n) {
		size_t want = chunk ? chunk : 1 + rb_splitmix64(rng) % 64, took;

		if (want > n - off)
			want = n - off;
		if (want > rb_deframer_space(d))
			want = rb_deframer_space(d);
		took = rb_deframer_push(d, s + off, want);
		T_CHECK(took == want, "push took %zu of %zu", took, want);
		off += took;
		t_drain(d, o);
	}
}

/*
 * The same stream read as rpmsg-bench reads a tty: each chunk is a read()
 * buffer; whole frames are taken in place, the rest goes through the
 * deframer as rb_deframer_take() says.
 * `taken` counts the frames taken in place.
 */
static void t_feed_inplace(struct rb_deframer *d, const uint8_t *s, size_t n, size_t chunk,
			   uint64_t *rng, struct t_out *o, size_t *taken)
{
	for (size_t at = 0; at < n;) {
		size_t len = chunk ? chunk : 1 + rb_splitmix64(rng) % 64;
		const uint8_t *buf = s + at;

		if (len > n - at)
			len = n - at;
		at += len;
		for (size_t off = 0; off < len;) {
			struct rb_item it;
			size_t push, k = rb_deframer_take(d, buf + off, len - off, &it, &push);

			if (k) {
				T_CHECK(it.kind == RB_ITEM_FRAME && it.p == buf + off && it.n == k,
					"take: item in place");
				t_frame(o, &it);
				(*taken)++;
				off += k;
				continue;
			}
			T_CHECK(push >= 1 && push <= len - off, "push %zu of %zu", push, len - off);
			off += rb_deframer_push(d, buf + off, push);
			t_drain(d, o);
		}
	}
}

/* True when the payload of frame `seq` (len bytes) contains the magic pair. */
static int has_magic(uint32_t seq, size_t len)
{
	uint8_t p[RB_MAX_PAYLOAD];

	rb_pattern_fill(p, len, seq);
	for (size_t i = 0; i + 1 < len; i++)
		if (p[i] == RB_MAGIC0 && p[i + 1] == RB_MAGIC1)
			return 1;
	return 0;
}

static void test_deframer_garbage(size_t chunk, bool inplace)
{
	enum { FRAMES = 300 };
	static uint8_t stream[FRAMES * (RB_MAX_FRAME + 64) + 64];
	struct rb_deframer d;
	struct t_out o;
	uint64_t rng = 2024 + chunk;
	size_t n = 0, garbage = 0, taken = 0;

	memset(&o, 0, sizeof(o));
	rb_deframer_init(&d);
	/* NXP's imx_rpmsg_tty greets with "hello world!" at probe (NXP drivers/rpmsg/imx_rpmsg_tty.c). */
	memcpy(stream, "hello world!", 12);
	n = garbage = 12;
	for (uint32_t k = 0; k < FRAMES; k++) {
		size_t size = RB_MIN_FRAME + rb_splitmix64(&rng) % (RB_MAX_PAYLOAD + 1);
		size_t g = rb_splitmix64(&rng) % 3 ? 0 : rb_splitmix64(&rng) % 40;

		for (size_t i = 0; i < g; i++) {
			uint8_t b = (uint8_t)rb_splitmix64(&rng);

			/* Magic bytes in garbage are fine but must not complete a header by chance.
			 */
			stream[n++] = b;
		}
		garbage += g;
		n += rb_frame_build_data(stream + n, size, 1000 + k, 0);
	}
	if (inplace) {
		t_feed_inplace(&d, stream, n, chunk, &rng, &o, &taken);
		/*
		 * Frames here average ~250 bytes and a third follow garbage: with
		 * 4095-byte reads only the frame cut by each read's end is buffered,
		 * with 496-byte reads about half are cut.
		 */
		T_CHECK(chunk < RB_MAX_FRAME ||
				taken >= (chunk > 2000 ? FRAMES * 8 / 10 : FRAMES / 3),
			"chunk %zu: %zu of %d frames taken in place", chunk, taken, FRAMES);
	} else {
		t_feed(&d, stream, n, chunk, &rng, &o);
	}
	T_CHECK(rb_deframer_pending(&d) == 0, "chunk %zu: nothing left pending (%zu)", chunk,
		rb_deframer_pending(&d));
	T_CHECK(o.nframes == FRAMES, "chunk %zu: %zu frames, want %d", chunk, o.nframes, FRAMES);
	T_CHECK(o.raw == garbage, "chunk %zu: %zu raw bytes, want %zu", chunk, o.raw, garbage);
	T_CHECK(d.frames == FRAMES && d.raw_bytes == garbage, "chunk %zu: deframer counters",
		chunk);
	T_CHECK(o.bad_payload == 0, "chunk %zu: payloads intact", chunk);
	for (size_t i = 0; i < o.nframes && i < FRAMES; i++) {
		T_CHECK(o.seqs[i] == 1000 + i, "chunk %zu: frame %zu has seq %u", chunk, i,
			o.seqs[i]);
		if (o.seqs[i] != 1000 + i)
			break;
	}
}

static void test_deframer_damaged(void)
{
	static uint8_t stream[8 * RB_MAX_FRAME];
	struct rb_deframer d;
	struct t_out o;
	uint64_t rng = 1;
	size_t n = 0, damaged_size = 0;
	uint32_t seq = 500;

	/* Frames 0..4; frame 2 has a damaged header byte. Choose seqs with no magic in payload. */
	memset(&o, 0, sizeof(o));
	rb_deframer_init(&d);
	for (int k = 0; k < 5; k++, seq++) {
		size_t at = n;

		while (has_magic(seq, 100 - RB_HDR_SIZE))
			seq++;
		n += rb_frame_build_data(stream + n, 100, seq, 0);
		if (k == 2) {
			stream[at + 9] ^= 0x40; /* len high byte */
			damaged_size = n - at;
		}
	}
	t_feed(&d, stream, n, 1, &rng, &o);
	T_CHECK(o.nframes == 4, "4 good frames: %zu", o.nframes);
	T_CHECK(o.raw == damaged_size, "damaged frame out as raw: %zu of %zu", o.raw, damaged_size);
	T_CHECK(d.bad_headers == 1, "one bad header: %llu", (unsigned long long)d.bad_headers);

	/* Damaged magic: the frame is plain bytes, the next one is found. */
	memset(&o, 0, sizeof(o));
	rb_deframer_init(&d);
	n = rb_frame_build_data(stream, 100, 501, 0);
	stream[0] ^= 0xFF;
	damaged_size = n;
	n += rb_frame_build_data(stream + n, 40, 502, 0);
	T_CHECK(!has_magic(501, 84), "seq 501 payload has no magic pair");
	t_feed(&d, stream, n, 1, &rng, &o);
	T_CHECK(o.nframes == 1 && o.seqs[0] == 502, "frame after damaged magic");
	T_CHECK(o.raw == damaged_size, "raw %zu want %zu", o.raw, damaged_size);
	T_CHECK(d.bad_headers == 0, "no header tried");
}

static void test_deframer_split_and_flush(void)
{
	uint8_t f[RB_MAX_FRAME];
	struct rb_deframer d;
	struct rb_item it;
	size_t n = rb_frame_build_data(f, 200, 42, 0);

	rb_deframer_init(&d);
	/* A frame split inside its header, then inside its payload. */
	T_CHECK(rb_deframer_push(&d, f, 7) == 7, "push 7");
	T_CHECK(rb_deframer_next(&d, &it) == RB_ITEM_NONE, "partial header held back");
	T_CHECK(rb_deframer_push(&d, f + 7, 100) == 100, "push 100");
	T_CHECK(rb_deframer_next(&d, &it) == RB_ITEM_NONE, "partial payload held back");
	T_CHECK(rb_deframer_pending(&d) == 107, "107 pending");
	T_CHECK(rb_deframer_push(&d, f + 107, n - 107) == n - 107, "push rest");
	T_CHECK(rb_deframer_next(&d, &it) == RB_ITEM_FRAME && it.n == n && it.hdr.seq == 42 &&
			!memcmp(it.p, f, n),
		"whole frame");
	T_CHECK(rb_deframer_next(&d, &it) == RB_ITEM_NONE && rb_deframer_pending(&d) == 0,
		"nothing more");

	/* A lone first magic byte at the end may begin a frame: held back. */
	T_CHECK(rb_deframer_push(&d, (const uint8_t *)"abc\xA5", 4) == 4, "push abc A5");
	T_CHECK(rb_deframer_next(&d, &it) == RB_ITEM_RAW && it.n == 3 && !memcmp(it.p, "abc", 3),
		"raw before the magic byte");
	T_CHECK(rb_deframer_next(&d, &it) == RB_ITEM_NONE && rb_deframer_pending(&d) == 1,
		"A5 held");
	/* The next byte is not B7: the A5 is garbage. */
	T_CHECK(rb_deframer_push(&d, (const uint8_t *)"x", 1) == 1, "push x");
	T_CHECK(rb_deframer_next(&d, &it) == RB_ITEM_RAW && it.n == 2, "A5 x raw: %zu", it.n);

	/* Flush releases a held partial frame as raw bytes (generic echo peers). */
	T_CHECK(rb_deframer_push(&d, f, 10) == 10, "push 10");
	T_CHECK(rb_deframer_next(&d, &it) == RB_ITEM_NONE, "held");
	T_CHECK(rb_deframer_flush(&d, &it) == RB_ITEM_RAW && it.n == 10 && !memcmp(it.p, f, 10),
		"flushed 10");
	T_CHECK(rb_deframer_flush(&d, &it) == RB_ITEM_NONE && it.n == 0, "flush on empty");
	T_CHECK(d.frames == 1 && d.raw_bytes == 3 + 2 + 10 && d.raw_runs == 3,
		"counters frames %llu raw %llu runs %llu", (unsigned long long)d.frames,
		(unsigned long long)d.raw_bytes, (unsigned long long)d.raw_runs);

	/* Space: the buffer takes two largest frames, push never takes more than space. */
	rb_deframer_init(&d);
	{
		static uint8_t junk[3 * RB_MAX_FRAME];
		size_t took;

		memset(junk, 'z', sizeof(junk));
		T_CHECK(rb_deframer_space(&d) == 2 * RB_MAX_FRAME, "space %zu",
			rb_deframer_space(&d));
		took = rb_deframer_push(&d, junk, sizeof(junk));
		T_CHECK(took == 2 * RB_MAX_FRAME, "push capped at space: %zu", took);
		T_CHECK(rb_deframer_next(&d, &it) == RB_ITEM_RAW && it.n == took, "all raw");
		T_CHECK(rb_deframer_space(&d) == 2 * RB_MAX_FRAME, "space back");
	}
}

int main(void)
{
	test_crc();
	test_crc_random();
	test_hdr_crc_cache();
	test_pattern();
	test_parse();
	for (int inplace = 0; inplace < 2; inplace++) {
		test_deframer_garbage(1, inplace);
		test_deframer_garbage(3, inplace);
		test_deframer_garbage(496, inplace);
		test_deframer_garbage(4095, inplace);
		test_deframer_garbage(0, inplace);
	}
	test_deframer_damaged();
	test_deframer_split_and_flush();
	return t_result("test-frame");
}
