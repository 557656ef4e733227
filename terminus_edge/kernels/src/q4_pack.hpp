// Packing MatMulNBits' 4-bit weights into MatMulQ4's layout (included by matmul_q4.cpp only, inside its namespace).
#pragma once

struct AlignedFree { void operator()(uint8_t* p) const { std::free(p); } };

// Exact size (rounding every weight up to a 2 MiB page cost SmolLM2's 150 small matrices 300 MB); big ones start on
// a 2 MiB boundary so transparent huge pages can back them: decode streams every byte once a token.
uint8_t* alloc_packed(size_t bytes) {
  const size_t huge = size_t(2) << 20;
  void* p = nullptr;
  if (posix_memalign(&p, bytes >= huge ? huge : 64, std::max<size_t>(bytes, 64)) != 0 || !p)
    throw Ort::Exception("MatMulQ4: out of memory packing weights", ORT_FAIL);
#ifdef MADV_HUGEPAGE
  if (bytes >= huge) madvise(p, bytes / huge * huge, MADV_HUGEPAGE);
#endif
  std::memset(p, 0, bytes);
  return static_cast<uint8_t*>(p);
}

// Once packed, the source pages (onnxruntime's mapping of the bundle's weights file) are not read again by this op:
// hand them back now rather than after the whole session is built, so the load's peak is not weights x 2.
// MADV_PAGEOUT only reclaims (file pages are dropped, anonymous ones kept or swapped): no data can be lost.
void release_source(const void* data, size_t bytes) {
#ifdef MADV_PAGEOUT
  const uintptr_t page = 4096, start = (reinterpret_cast<uintptr_t>(data) + page - 1) & ~(page - 1);
  const uintptr_t end = (reinterpret_cast<uintptr_t>(data) + bytes) & ~(page - 1);
  if (end > start) madvise(reinterpret_cast<void*>(start), end - start, MADV_PAGEOUT);
#else
  (void)data; (void)bytes;
#endif
}

// Packed weights. Group g, 32-block kb, sub-vector v (k offsets 8v..8v+7): 64 bytes, lane r (row 16g+r) holds
// 4 bytes; byte j has k offset 8v+j in its low nibble and 8v+j+4 in its high nibble. After all nibbles of a group
// come its scales, [K/bs][16] float16, then (if present) its zero points, [K/bs][16] uint8.
struct Packed {
  int64_t K = 0, N = 0, bs = 0, kblocks = 0, sblocks = 0, groups = 0;
  bool has_zp = false;
  size_t group_bytes = 0, nibble_bytes = 0, scale_bytes = 0;
  std::unique_ptr<uint8_t, AlignedFree> data;

  const uint8_t* group(int64_t g) const { return data.get() + g * group_bytes; }
  const uint8_t* nibbles(int64_t g, int64_t kb) const { return group(g) + kb * kBlockBytes; }
  const uint16_t* scales(int64_t g, int64_t sb) const {
    return reinterpret_cast<const uint16_t*>(group(g) + nibble_bytes) + sb * kGroup;
  }
  const uint8_t* zero_points(int64_t g, int64_t sb) const { return group(g) + nibble_bytes + scale_bytes + sb * kGroup; }
};

#if defined(__F16C__)
uint16_t to_half(float x) { return _cvtss_sh(x, _MM_FROUND_TO_NEAREST_INT); }
float from_half(uint16_t h) { return _cvtsh_ss(h); }
#else
float from_half(uint16_t h) {  // IEEE binary16 -> binary32, subnormals included
  const uint32_t sign = (h & 0x8000u) << 16, exp = (h >> 10) & 0x1F, man = h & 0x3FF;
  float v;
  if (exp == 0) v = std::ldexp(static_cast<float>(man), -24);
  else if (exp == 31) v = man ? NAN : INFINITY;
  else v = std::ldexp(static_cast<float>(man | 0x400), static_cast<int>(exp) - 25);
  uint32_t bits;
  std::memcpy(&bits, &v, 4);
  bits |= sign;
  std::memcpy(&v, &bits, 4);
  return v;
}
uint16_t to_half(float x) {  // round to nearest even through the exact neighbours
  const float a = std::fabs(x);
  uint16_t lo = 0, hi = 0x7C00;
  while (hi - lo > 1) {  // binary search over the ordered non-negative halves
    const uint16_t mid = static_cast<uint16_t>((lo + hi) / 2);
    (from_half(mid) <= a ? lo : hi) = mid;
  }
  const float dl = a - from_half(lo), dh = from_half(hi) - a;
  uint16_t h = (dl < dh || (dl == dh && !(lo & 1))) ? lo : hi;
  return static_cast<uint16_t>(h | (std::signbit(x) ? 0x8000 : 0));
}
#endif

Packed pack(int64_t K, int64_t N, int64_t bs, const uint8_t* b, const void* scales, bool scales_fp16, const uint8_t* zp) {
  Packed p;
  p.K = K; p.N = N; p.bs = bs; p.kblocks = K / 32; p.sblocks = (K + bs - 1) / bs; p.groups = (N + kGroup - 1) / kGroup;
  p.has_zp = zp != nullptr;
  p.nibble_bytes = p.kblocks * kBlockBytes;
  p.scale_bytes = p.sblocks * kGroup * 2;
  p.group_bytes = (p.nibble_bytes + p.scale_bytes + (p.has_zp ? p.sblocks * kGroup : 0) + 63) / 64 * 64;
  p.data.reset(alloc_packed(p.group_bytes * p.groups));
  const int64_t row_bytes = p.sblocks * bs / 2, zp_row_bytes = (p.sblocks + 1) / 2;
  for (int64_t n = 0; n < N; ++n) {
    const int64_t g = n / kGroup, r = n % kGroup;
    const uint8_t* row = b + n * row_bytes;
    for (int64_t kb = 0; kb < p.kblocks; ++kb) {
      uint8_t q[32];
      for (int i = 0; i < 32; ++i) {
        const uint8_t byte = row[(kb * 32 + i) / 2];
        q[i] = (i & 1) ? (byte >> 4) : (byte & 0x0F);
      }
      uint8_t* block = p.data.get() + g * p.group_bytes + kb * kBlockBytes;
      for (int v = 0; v < 4; ++v)
        for (int j = 0; j < 4; ++j) block[v * 64 + r * 4 + j] = q[8 * v + j] | (q[8 * v + j + 4] << 4);
    }
    for (int64_t sb = 0; sb < p.sblocks; ++sb) {
      const int64_t i = n * p.sblocks + sb;
            const_cast<uint16_t*>(p.scales(g, sb))[r] = scales_fp16 ? static_cast<const uint16_t*>(scales)[i] : to_half(static_cast<const float*>(scales)[i]);
      if (zp) {
        const uint8_t byte = zp[n * zp_row_bytes + sb / 2];
        const_cast<uint8_t*>(p.zero_points(g, sb))[r] = (sb & 1) ? (byte >> 4) : (byte & 0x0F);
      }
    }
  }
  return p;
}
