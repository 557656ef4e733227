// MatMulQ4's arithmetic on AVX2 CPUs without AVX-512 VNNI (included by q4_compute.hpp, inside matmul_q4.cpp's
// namespace). Same packed groups as the AVX-512 path: a group's sub-vector is 64 bytes, 4 per row, so a 256-bit
// register holds half of it: bytes 32h..32h+31 are rows 16g+8h .. 16g+8h+7. Each group is computed as two 8-row
// halves. With AVX-VNNI (__AVXVNNI__: Alder Lake and later, Zen 5) vpdpbusd sums a row's 4 products per lane as on
// AVX-512; without it (Haswell..Skylake, Zen 2/3) vpmaddubsw + vpmaddwd do. A is quantized by quantize() as before.
#pragma once

constexpr int64_t kTileM = 6;  // A rows per prefill tile: one half's weight registers serve this many rows (4: -15 %)
constexpr int64_t kHalf = 8;   // rows per 256-bit half of a group

// One 32-block of a half: lo[v] holds k offsets 8v+j (j = byte in the row's lane), hi[v] k offsets 8v+j+4.
struct HalfBlock { __m256i lo[4], hi[4]; };

inline HalfBlock load_half(const uint8_t* nib, int64_t h) {
  const __m256i low = _mm256_set1_epi8(0x0F);
  HalfBlock b;
  for (int v = 0; v < 4; ++v) {
    const __m256i bytes = _mm256_load_si256(reinterpret_cast<const __m256i*>(nib + v * 64 + h * 32));
    b.lo[v] = _mm256_and_si256(bytes, low);
#if defined(__AVXVNNI__)
    b.hi[v] = _mm256_andnot_si256(low, bytes);  // 16 x the high nibble (one op, not two): shifted back in dot()
#else
    b.hi[v] = _mm256_and_si256(_mm256_srli_epi16(bytes, 4), low);  // 0..15, not 16x: see dot()
#endif
  }
  return b;
}

// Row sums of the half's 32 products for A's block at q, plus init: int32 per row.
#if defined(__AVXVNNI__)
inline __m256i dot(const HalfBlock& b, const int8_t* q, __m256i init) {
  __m256i dl = init, dh = _mm256_setzero_si256();  // two chains: vpdpbusd's latency is 5 cycles
  for (int v = 0; v < 4; ++v) {
    dl = _mm256_dpbusd_avx_epi32(dl, b.lo[v], _mm256_set1_epi32(word(q + 8 * v)));
    dh = _mm256_dpbusd_avx_epi32(dh, b.hi[v], _mm256_set1_epi32(word(q + 8 * v + 4)));
  }
  return _mm256_add_epi32(dl, _mm256_srai_epi32(dh, 4));  // dh is a multiple of 16: exact
}
#else
// vpmaddubsw multiplies unsigned by signed bytes and adds adjacent pairs into saturating int16. A nibble is 0..15
// and |a| <= 128 (quantize gives -127..127), so one pair is at most 2 * 15 * 128 = 3840 in size and the sum of all
// eight (4 sub-vectors x low/high nibbles) at most 30720 < 32767: exact in int16, never saturated, one vpmaddwd
// per block. (The high nibble is shifted down first: 16x it, as the VNNI path keeps it, would saturate a pair.)
inline __m256i dot(const HalfBlock& b, const int8_t* q, __m256i init) {
  __m256i s[4];
  for (int v = 0; v < 4; ++v)
    s[v] = _mm256_add_epi16(_mm256_maddubs_epi16(b.lo[v], _mm256_set1_epi32(word(q + 8 * v))),
                            _mm256_maddubs_epi16(b.hi[v], _mm256_set1_epi32(word(q + 8 * v + 4))));
  const __m256i sum16 = _mm256_add_epi16(_mm256_add_epi16(s[0], s[1]), _mm256_add_epi16(s[2], s[3]));
  return _mm256_add_epi32(init, _mm256_madd_epi16(sum16, _mm256_set1_epi16(1)));
}
#endif

// Per-row float16 scales of a half: the 8 of them at `scales` (a group's 16 for one scale block + h * kHalf).
inline __m256 half_scales(const uint16_t* scales) {
  return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(scales)));
}

inline __m256i half_zero_points(const uint8_t* zero_points) {
  return _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(zero_points)));
}

// One block's contribution: sum_k a (q - z) = dot - z * sum(a) (z = 8 without zero points). sum and d are
// broadcast from memory (loads, not shuffles). How z * sum(a) enters differs by path, as measured on Zen 5:
#if defined(__AVXVNNI__)
// as on AVX-512: -8 * sum starts the integer sum; zero points come in as floats (a vpmulld here: 10-15 % slower).
using Zeros = __m256;
inline Zeros half_zeros(const Packed& p, const uint8_t* zero_points) {
  return p.has_zp ? _mm256_cvtepi32_ps(half_zero_points(zero_points)) : _mm256_set1_ps(8.f);
}
inline __m256 block_result(const Packed& p, const HalfBlock& b, const int8_t* q, const int32_t* sum, const float* d,
                           __m256 scale, Zeros zero, __m256 acc) {
  __m256 exact = _mm256_cvtepi32_ps(dot(b, q, p.has_zp ? _mm256_setzero_si256() : _mm256_set1_epi32(-8 * *sum)));
  if (p.has_zp) exact = _mm256_fnmadd_ps(zero, _mm256_set1_ps(static_cast<float>(*sum)), exact);
  return _mm256_fmadd_ps(exact, _mm256_mul_ps(scale, _mm256_broadcast_ss(d)), acc);
}
#else
// all in int32, one vpmulld by -z (|z * sum| <= 15 * 32 * 128): 10 % faster than the float way here.
using Zeros = __m256i;
inline Zeros half_zeros(const Packed& p, const uint8_t* zero_points) {
  return p.has_zp ? _mm256_sub_epi32(_mm256_setzero_si256(), half_zero_points(zero_points)) : _mm256_set1_epi32(-8);
}
inline __m256 block_result(const Packed&, const HalfBlock& b, const int8_t* q, const int32_t* sum, const float* d,
                           __m256 scale, Zeros neg_zero, __m256 acc) {
  const __m256 exact = _mm256_cvtepi32_ps(dot(b, q, _mm256_mullo_epi32(neg_zero, _mm256_set1_epi32(*sum))));
  return _mm256_fmadd_ps(exact, _mm256_mul_ps(scale, _mm256_broadcast_ss(d)), acc);
}
#endif

// The rows of half h of group g that exist (N need not be a multiple of 16): 0..8.
inline int64_t half_rows(const Packed& p, int64_t g, int64_t h) {
  return std::max<int64_t>(0, std::min<int64_t>(kHalf, p.N - g * kGroup - h * kHalf));
}

inline void store_rows(float* out, __m256 value, int64_t rows) {
  if (rows == kHalf) {
    _mm256_storeu_ps(out, value);
    return;
  }
  const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(rows)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  _mm256_maskstore_ps(out, mask, value);
}

// Prefill: half h of group g for A rows [m0, m0 + MT): the half's block is unpacked once and used MT times.
template <int MT>
void half_tile(const Packed& p, const QuantizedA& a, int64_t g, int64_t h, int64_t m0, float* y) {
  __m256 acc[MT];
  for (int i = 0; i < MT; ++i) acc[i] = _mm256_setzero_ps();
  const int64_t per_scale = p.bs / 32;
  const GroupCursor at(p, g);
  for (int64_t sb = 0, kb = 0; sb < p.sblocks; ++sb) {
    const __m256 scale = half_scales(at.scales(sb) + h * kHalf);
    const Zeros zero = half_zeros(p, at.zero_points(sb) + h * kHalf);
    for (const int64_t end = std::min(kb + per_scale, p.kblocks); kb < end; ++kb) {
      const HalfBlock b = load_half(at.nibbles(kb), h);
      for (int i = 0; i < MT; ++i) {
        const int64_t at = (m0 + i) * p.kblocks + kb;
        acc[i] = block_result(p, b, a.q.data() + (m0 + i) * p.K + kb * 32, &a.sum[at], &a.d[at], scale, zero, acc[i]);
      }
    }
  }
  for (int i = 0; i < MT; ++i) store_rows(y + (m0 + i) * p.N + g * kGroup + h * kHalf, acc[i], half_rows(p, g, h));
}

// Decode (one row of A) over one tile of G groups, read in its stored order (one stream a thread, as on AVX-512):
// chunk by chunk, each group's part, each half of it; 2G accumulators.
template <int G>
void groups_m1(const Packed& p, const QuantizedA& a, int64_t g, float* y) {
  __m256 acc[2 * G];
  for (int u = 0; u < 2 * G; ++u) acc[u] = _mm256_setzero_ps();
  const int64_t per_scale = p.bs / 32;
  for (int64_t j = 0, kb0 = 0; kb0 < p.kblocks; ++j) {
    const uint8_t* base = p.part(g, j);
    const int64_t cb = p.chunk_blocks(j), stride = cb * kBlockBytes + p.line;
    prefetch_ahead(base, G * stride);
    for (int u = 0; u < G; ++u) {
      const uint8_t* part = base + u * stride;
      const uint8_t* lines = part + cb * kBlockBytes;
      for (int64_t h = 0; h < 2; ++h) {
        __m256 sum = acc[2 * u + h], scale = _mm256_setzero_ps();
        Zeros zero{};
        for (int64_t c = 0; c < cb; ++c) {
          if (c % per_scale == 0) {
            const int64_t s2 = (c / per_scale) & 1;
            scale = half_scales(reinterpret_cast<const uint16_t*>(lines + 32 * s2) + h * kHalf);
            zero = half_zeros(p, lines + 64 + 16 * s2 + h * kHalf);
          }
          const int64_t kb = kb0 + c;
          sum = block_result(p, load_half(part + c * kBlockBytes, h), a.q.data() + kb * 32, &a.sum[kb], &a.d[kb], scale, zero, sum);
        }
        acc[2 * u + h] = sum;
      }
    }
    kb0 += cb;
  }
  for (int u = 0; u < 2 * G; ++u) {
    const int64_t gu = g + u / 2, h = u % 2, rows = half_rows(p, gu, h);
    if (rows > 0) store_rows(y + gu * kGroup + h * kHalf, acc[u], rows);
  }
}

// Rows [m0, M) of A against half h of group g, MT rows at a time, the rest with smaller tiles.
template <int MT>
void half_rows_tiled(const Packed& p, const QuantizedA& a, int64_t g, int64_t h, int64_t m0, int64_t M, float* y) {
  for (; m0 + MT <= M; m0 += MT) half_tile<MT>(p, a, g, h, m0, y);
  if constexpr (MT > 1)
    if (m0 < M) half_rows_tiled<MT - 1>(p, a, g, h, m0, M, y);
}

void run_groups(const Packed& p, const QuantizedA& a, int64_t M, int64_t g0, int64_t g1, float* y) {
  static_assert(kTile == 4, "groups_m1 is instantiated per tile size");
  if (M == 1) {
    for (int64_t g = g0; g < g1; g += kTile) {  // g0 is a tile start (run_task splits by tiles)
      switch (p.tile_groups(g / kTile)) {
        case 4: groups_m1<4>(p, a, g, y); break;
        case 3: groups_m1<3>(p, a, g, y); break;
        case 2: groups_m1<2>(p, a, g, y); break;
        default: groups_m1<1>(p, a, g, y);
      }
    }
    return;
  }
  for (int64_t g = g0; g < g1; ++g)
    for (int64_t h = 0; h < 2; ++h)
      if (half_rows(p, g, h) > 0) half_rows_tiled<kTileM>(p, a, g, h, 0, M, y);
}
