// MatMulQ4's arithmetic: int8 activations against the packed 4-bit groups (included by matmul_q4.cpp only).
#pragma once

// A's rows quantized per 32 values: int8 values in k order, one float scale and one integer sum per block.
struct QuantizedA {
  std::vector<int8_t> q;
  std::vector<float> d;
  std::vector<int32_t> sum;
};

void quantize(const float* a, int64_t M, int64_t K, QuantizedA& out) {
  const int64_t kblocks = K / 32;
  out.q.resize(M * K);
  out.d.resize(M * kblocks);
  out.sum.resize(M * kblocks);
  for (int64_t m = 0; m < M; ++m) {
    for (int64_t kb = 0; kb < kblocks; ++kb) {
      const float* x = a + m * K + kb * 32;
      int8_t* q = out.q.data() + m * K + kb * 32;
#if defined(__AVX512F__) && defined(__AVX512BW__)
      const __m512 x0 = _mm512_loadu_ps(x), x1 = _mm512_loadu_ps(x + 16);
      const float amax = _mm512_reduce_max_ps(_mm512_max_ps(_mm512_abs_ps(x0), _mm512_abs_ps(x1)));
      const __m512 inv = _mm512_set1_ps(amax > 0.f ? 127.f / amax : 0.f);
      const __m512i q0 = _mm512_cvtps_epi32(_mm512_mul_ps(x0, inv));  // round to nearest even (MXCSR default)
      const __m512i q1 = _mm512_cvtps_epi32(_mm512_mul_ps(x1, inv));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(q), _mm512_cvtsepi32_epi8(q0));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(q + 16), _mm512_cvtsepi32_epi8(q1));
      const int32_t sum = _mm512_reduce_add_epi32(_mm512_add_epi32(q0, q1));
#elif defined(__AVX2__)
      const __m256 sign = _mm256_set1_ps(-0.f);
      __m256 v[4];
      for (int i = 0; i < 4; ++i) v[i] = _mm256_loadu_ps(x + 8 * i);
      const __m256 top = _mm256_max_ps(_mm256_max_ps(_mm256_andnot_ps(sign, v[0]), _mm256_andnot_ps(sign, v[1])),
                                     _mm256_max_ps(_mm256_andnot_ps(sign, v[2]), _mm256_andnot_ps(sign, v[3])));
      __m128 h = _mm_max_ps(_mm256_castps256_ps128(top), _mm256_extractf128_ps(top, 1));
      h = _mm_max_ps(h, _mm_movehl_ps(h, h));
      const float amax = _mm_cvtss_f32(_mm_max_ss(h, _mm_shuffle_ps(h, h, 1)));
      const __m256 inv = _mm256_set1_ps(amax > 0.f ? 127.f / amax : 0.f);
      __m256i w[4];  // |x * inv| <= 127: the packs below never saturate
      for (int i = 0; i < 4; ++i) w[i] = _mm256_cvtps_epi32(_mm256_mul_ps(v[i], inv));  // nearest even, as above
      // packs works per 128-bit lane: the bytes come out in 4-value groups 0,2,4,6,1,3,5,7; the permute puts them back
      const __m256i bytes = _mm256_packs_epi16(_mm256_packs_epi32(w[0], w[1]), _mm256_packs_epi32(w[2], w[3]));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(q), _mm256_permutevar8x32_epi32(bytes, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7)));
      const __m256i s8 = _mm256_add_epi32(_mm256_add_epi32(w[0], w[1]), _mm256_add_epi32(w[2], w[3]));
      __m128i s4 = _mm_add_epi32(_mm256_castsi256_si128(s8), _mm256_extracti128_si256(s8, 1));
      s4 = _mm_add_epi32(s4, _mm_shuffle_epi32(s4, 0x4E));
      const int32_t sum = _mm_cvtsi128_si32(_mm_add_epi32(s4, _mm_shuffle_epi32(s4, 0xB1)));
#else
      float amax = 0.f;
      for (int i = 0; i < 32; ++i) amax = std::max(amax, std::fabs(x[i]));
      const float inv = amax > 0.f ? 127.f / amax : 0.f;
      int32_t sum = 0;
      for (int i = 0; i < 32; ++i) {
        const int v = static_cast<int>(std::nearbyint(x[i] * inv));
        q[i] = static_cast<int8_t>(v);
        sum += v;
      }
#endif
      out.d[m * kblocks + kb] = amax / 127.f;
      out.sum[m * kblocks + kb] = sum;
    }
  }
}

// Four int8 activations as one int32, for a broadcast into vpdpbusd / vpmaddubsw.
inline int32_t word(const int8_t* p) { int32_t v; std::memcpy(&v, p, 4); return v; }

#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VNNI__)
constexpr int64_t kTileM = 4;

// Rows of group g for A rows [m0, m0 + mt), mt <= kTileM: Y[m, 16g .. 16g+15].
void group_tile(const Packed& p, const QuantizedA& a, int64_t g, int64_t m0, int64_t mt, float* y) {
  const __m512i low = _mm512_set1_epi8(0x0F);
  __m512 acc[kTileM];
  for (int64_t i = 0; i < kTileM; ++i) acc[i] = _mm512_setzero_ps();
  const int64_t per_scale = p.bs / 32;
  __m512 scale = _mm512_setzero_ps(), zero = _mm512_set1_ps(8.f);
  const GroupCursor at(p, g);
  for (int64_t kb = 0; kb < p.kblocks; ++kb) {
    if (kb % per_scale == 0) {
      const int64_t sb = kb / per_scale;
      scale = _mm512_cvtph_ps(_mm256_load_si256(reinterpret_cast<const __m256i*>(at.scales(sb))));
      if (p.has_zp) zero = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_load_si128(reinterpret_cast<const __m128i*>(at.zero_points(sb)))));
    }
    const uint8_t* nib = at.nibbles(kb);
    if (m0 == 0)  // the first pass over a group reads it from memory; the next ones find it in L2
      prefetch_ahead(nib, kBlockBytes);
    __m512i lo[4], hi[4];
    for (int v = 0; v < 4; ++v) {
      const __m512i bytes = _mm512_load_si512(nib + v * 64);
      lo[v] = _mm512_and_si512(bytes, low);
      hi[v] = _mm512_andnot_si512(low, bytes);  // 16 x the high nibble: the sum is shifted back below
    }
    for (int64_t i = 0; i < mt; ++i) {
      const int64_t row = (m0 + i), r = row * p.kblocks + kb;
      const int8_t* q = a.q.data() + row * p.K + kb * 32;
      // sum_k a (q - z) = dot - z * sum(a): with the default z = 8 that term starts the integer sum
      __m512i dl = p.has_zp ? _mm512_setzero_si512() : _mm512_set1_epi32(-8 * a.sum[r]), dh = _mm512_setzero_si512();
      for (int v = 0; v < 4; ++v) {
        dl = _mm512_dpbusd_epi32(dl, lo[v], _mm512_set1_epi32(word(q + 8 * v)));
        dh = _mm512_dpbusd_epi32(dh, hi[v], _mm512_set1_epi32(word(q + 8 * v + 4)));
      }
      const __m512i dot = _mm512_add_epi32(dl, _mm512_srai_epi32(dh, 4));
      __m512 exact = _mm512_cvtepi32_ps(dot);
      if (p.has_zp) exact = _mm512_fnmadd_ps(zero, _mm512_set1_ps(static_cast<float>(a.sum[r])), exact);
      acc[i] = _mm512_fmadd_ps(exact, _mm512_mul_ps(scale, _mm512_set1_ps(a.d[r])), acc[i]);
    }
  }
  const int64_t left = std::min<int64_t>(kGroup, p.N - g * kGroup);
  const __mmask16 mask = static_cast<__mmask16>((1u << left) - 1);
  for (int64_t i = 0; i < mt; ++i) _mm512_mask_storeu_ps(y + (m0 + i) * p.N + g * kGroup, mask, acc[i]);
}

// The decode step (one row of A) over one tile of G groups: G short dependency chains, so that the loads of several
// 256-byte blocks are in flight together, reading the tile's bytes in order (one stream a thread).
template <int G>
void groups_m1(const Packed& p, const QuantizedA& a, int64_t g, float* y) {
  const __m512i low = _mm512_set1_epi8(0x0F);
  __m512 acc[G];
  for (int u = 0; u < G; ++u) acc[u] = _mm512_setzero_ps();
  const int64_t per_scale = p.bs / 32;
  for (int64_t j = 0, kb = 0; kb < p.kblocks; ++j) {
    const uint8_t* base = p.part(g, j);
    const int64_t cb = p.chunk_blocks(j), stride = cb * kBlockBytes + p.line;
    prefetch_ahead(base, G * stride);
    __m512 scale[G][2], zero[G][2];
    for (int u = 0; u < G; ++u) {
      const uint8_t* line = base + u * stride + cb * kBlockBytes;
      for (int h = 0; h < 2; ++h) {
        scale[u][h] = _mm512_cvtph_ps(_mm256_load_si256(reinterpret_cast<const __m256i*>(line + 32 * h)));
        zero[u][h] = p.has_zp ? _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_load_si128(reinterpret_cast<const __m128i*>(line + 64 + 16 * h))))
                              : _mm512_set1_ps(8.f);
      }
    }
    for (int64_t i = 0; i < cb; ++i, ++kb) {
      const int h = (i / per_scale) & 1;
      const int8_t* q = a.q.data() + kb * 32;
      const __m512i a0 = _mm512_set1_epi32(word(q)), a1 = _mm512_set1_epi32(word(q + 4));
      const __m512i a2 = _mm512_set1_epi32(word(q + 8)), a3 = _mm512_set1_epi32(word(q + 12));
      const __m512i a4 = _mm512_set1_epi32(word(q + 16)), a5 = _mm512_set1_epi32(word(q + 20));
      const __m512i a6 = _mm512_set1_epi32(word(q + 24)), a7 = _mm512_set1_epi32(word(q + 28));
      const __m512 d = _mm512_set1_ps(a.d[kb]);
      const int32_t sum = a.sum[kb];
      for (int u = 0; u < G; ++u) {
        const uint8_t* nib = base + u * stride + i * kBlockBytes;
        const __m512i b0 = _mm512_load_si512(nib), b1 = _mm512_load_si512(nib + 64);
        const __m512i b2 = _mm512_load_si512(nib + 128), b3 = _mm512_load_si512(nib + 192);
        __m512i l01 = p.has_zp ? _mm512_setzero_si512() : _mm512_set1_epi32(-8 * sum);
        __m512i l23 = _mm512_setzero_si512(), h01 = _mm512_setzero_si512(), h23 = _mm512_setzero_si512();
        l01 = _mm512_dpbusd_epi32(l01, _mm512_and_si512(b0, low), a0);
        h01 = _mm512_dpbusd_epi32(h01, _mm512_andnot_si512(low, b0), a1);
        l23 = _mm512_dpbusd_epi32(l23, _mm512_and_si512(b2, low), a4);
        h23 = _mm512_dpbusd_epi32(h23, _mm512_andnot_si512(low, b2), a5);
        l01 = _mm512_dpbusd_epi32(l01, _mm512_and_si512(b1, low), a2);
        h01 = _mm512_dpbusd_epi32(h01, _mm512_andnot_si512(low, b1), a3);
        l23 = _mm512_dpbusd_epi32(l23, _mm512_and_si512(b3, low), a6);
        h23 = _mm512_dpbusd_epi32(h23, _mm512_andnot_si512(low, b3), a7);
        const __m512i dot = _mm512_add_epi32(_mm512_add_epi32(l01, l23), _mm512_srai_epi32(_mm512_add_epi32(h01, h23), 4));
        __m512 exact = _mm512_cvtepi32_ps(dot);
        if (p.has_zp) exact = _mm512_fnmadd_ps(zero[u][h], _mm512_set1_ps(static_cast<float>(sum)), exact);
        acc[u] = _mm512_fmadd_ps(exact, _mm512_mul_ps(scale[u][h], d), acc[u]);
      }
    }
  }
  for (int u = 0; u < G; ++u) {
    const int64_t left = std::min<int64_t>(kGroup, p.N - (g + u) * kGroup);
    _mm512_mask_storeu_ps(y + (g + u) * kGroup, static_cast<__mmask16>((1u << left) - 1), acc[u]);
  }
}

void run_groups(const Packed& p, const QuantizedA& a, int64_t M, int64_t g0, int64_t g1, float* y) {
  if (M == 1) {
    static_assert(kTile == 4, "groups_m1 is instantiated per tile size");
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
    for (int64_t m0 = 0; m0 < M; m0 += kTileM) group_tile(p, a, g, m0, std::min<int64_t>(kTileM, M - m0), y);
}
#elif defined(__AVX2__) && defined(__FMA__) && defined(__F16C__)
#include "q4_compute_avx2.hpp"
#else
void run_groups(const Packed& p, const QuantizedA& a, int64_t M, int64_t g0, int64_t g1, float* y) {
  for (int64_t g = g0; g < g1; ++g) {
    for (int64_t r = 0; r < kGroup && g * kGroup + r < p.N; ++r) {
      for (int64_t m = 0; m < M; ++m) {
        float total = 0.f;
        for (int64_t kb = 0; kb < p.kblocks; ++kb) {
          const int64_t sb = kb * 32 / p.bs;
          const int z = p.has_zp ? p.zero_points(g, sb)[r] : 8;
          const int8_t* q = a.q.data() + m * p.K + kb * 32;
          const uint8_t* nib = p.nibbles(g, kb);
          int32_t dot = 0;
          for (int v = 0; v < 4; ++v)
            for (int j = 0; j < 4; ++j) {
              const uint8_t byte = nib[v * 64 + r * 4 + j];
              dot += ((byte & 0x0F) - z) * q[8 * v + j] + ((byte >> 4) - z) * q[8 * v + j + 4];
            }
          total += static_cast<float>(dot) * a.d[m * p.kblocks + kb] * from_half(p.scales(g, sb)[r]);
        }
        y[m * p.N + g * kGroup + r] = total;
      }
    }
  }
}
#endif
