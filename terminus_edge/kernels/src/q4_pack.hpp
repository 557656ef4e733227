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

// Packed weights, laid out in the order decode reads them, so each thread streams one contiguous range.
// Rows come in groups of 16 (one 512-bit lane per row) and groups in tiles of kTile; k comes in chunks of
// two scale blocks (bs / 16 blocks of 32). A tile stores chunk after chunk, and inside a chunk each group's
// part: its 32-wide blocks (256 bytes each: 4 sub-vectors of 64 bytes, k offsets 8v..8v+7, lane r = row 16g+r
// holds 4 bytes, byte j has k offset 8v+j in its low nibble and 8v+j+4 in its high one), then one 64-byte line
// of float16 scales ([2][16], the chunk's two scale blocks), then, if the graph has zero points, one 64-byte
// line of them ([2][16] uint8, half used).
constexpr int64_t kTile = 4;

struct Packed {
  int64_t K = 0, N = 0, bs = 0, kblocks = 0, sblocks = 0, groups = 0, chunk = 0, chunk_shift = 0, line = 0;
  bool has_zp = false;
  size_t group_bytes = 0;  // one group's share of its tile: every chunk's blocks and lines
  std::unique_ptr<uint8_t, AlignedFree> data;

  int64_t chunk_blocks(int64_t j) const { return std::min(chunk, kblocks - j * chunk); }
  int64_t tile_groups(int64_t t) const { return std::min(kTile, groups - t * kTile); }
  // Start of group g's part of chunk j.
  const uint8_t* part(int64_t g, int64_t j) const {
    const int64_t t = g / kTile, u = g % kTile, tg = tile_groups(t);
    const int64_t before = j * (chunk * kBlockBytes + line);  // one group's bytes in chunks 0..j-1
    return data.get() + t * kTile * group_bytes + tg * before + u * (chunk_blocks(j) * kBlockBytes + line);
  }
  const uint8_t* nibbles(int64_t g, int64_t kb) const { return part(g, kb >> chunk_shift) + (kb & (chunk - 1)) * kBlockBytes; }
  // The scale line (then the zero-point line) of the chunk that holds scale block sb.
  const uint8_t* lines(int64_t g, int64_t sb) const { return part(g, sb / 2) + chunk_blocks(sb / 2) * kBlockBytes; }
  const uint16_t* scales(int64_t g, int64_t sb) const {
    return reinterpret_cast<const uint16_t*>(lines(g, sb)) + (sb % 2) * kGroup;
  }
  const uint8_t* zero_points(int64_t g, int64_t sb) const { return lines(g, sb) + 64 + (sb % 2) * kGroup; }
};

constexpr int64_t kPrefetch = 4096;  // bytes ahead in a tile's stream (1024 and 2048 were slower on Zen 5)
#if defined(__x86_64__) || defined(_M_X64)
// Ask for the `bytes` that lie kPrefetch past `at` (decode: a tile's coming chunks; prefill: a group's first pass).
inline void prefetch_ahead(const uint8_t* at, int64_t bytes) {
  for (int64_t l = 0; l < bytes; l += 64) _mm_prefetch(reinterpret_cast<const char*>(at + kPrefetch + l), _MM_HINT_T0);
}
#endif

// One group's blocks, addressed cheaply: its whole chunks are a fixed step apart in its tile (only a last, shorter
// chunk sits otherwise). Prefill walks a group block by block many times: an accessor call per block cost it 8-15 %.
struct GroupCursor {
  const Packed& p;
  int64_t g, whole, step;
  const uint8_t* first;
  GroupCursor(const Packed& packed, int64_t group)
      : p(packed), g(group), whole(packed.kblocks >> packed.chunk_shift),
        step(packed.tile_groups(group / kTile) * (packed.chunk * kBlockBytes + packed.line)), first(packed.part(group, 0)) {}
  const uint8_t* chunk(int64_t j) const { return j < whole ? first + j * step : p.part(g, j); }
  const uint8_t* nibbles(int64_t kb) const { return chunk(kb >> p.chunk_shift) + (kb & (p.chunk - 1)) * kBlockBytes; }
  const uint8_t* lines(int64_t sb) const { return chunk(sb >> 1) + (sb >> 1 < whole ? p.chunk : p.chunk_blocks(sb >> 1)) * kBlockBytes; }
  const uint16_t* scales(int64_t sb) const { return reinterpret_cast<const uint16_t*>(lines(sb)) + (sb & 1) * kGroup; }
  const uint8_t* zero_points(int64_t sb) const { return lines(sb) + 64 + (sb & 1) * kGroup; }
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
  p.chunk = bs / 16;  // a power of two: bs is 32, 64, 128 or 256
  while ((int64_t(1) << p.chunk_shift) < p.chunk) ++p.chunk_shift;
  p.line = p.has_zp ? 128 : 64;
  const int64_t chunks = (p.kblocks + p.chunk - 1) / p.chunk;
  p.group_bytes = p.kblocks * kBlockBytes + chunks * p.line;
  p.data.reset(alloc_packed(p.group_bytes * p.groups));
  const int64_t row_bytes = p.sblocks * bs / 2, zp_row_bytes = (p.sblocks + 1) / 2;
  for (int64_t g = 0; g < p.groups; ++g) {
    const int64_t rows = std::min(kGroup, N - g * kGroup);
    for (int64_t kb = 0; kb < p.kblocks; ++kb) {
      uint8_t* block = const_cast<uint8_t*>(p.nibbles(g, kb));
      for (int64_t r = 0; r < rows; ++r) {
        // Source byte i holds k offsets 2i (low nibble) and 2i+1; lane byte j of sub-vector v wants 8v+j and 8v+j+4.
        const uint8_t* s = b + (g * kGroup + r) * row_bytes + kb * 16;
        for (int v = 0; v < 4; ++v) {
          const uint8_t s0 = s[4 * v], s1 = s[4 * v + 1], s2 = s[4 * v + 2], s3 = s[4 * v + 3];
          uint8_t* out = block + v * 64 + r * 4;
          out[0] = (s0 & 0x0F) | (s2 << 4);
          out[1] = (s0 >> 4) | (s2 & 0xF0);
          out[2] = (s1 & 0x0F) | (s3 << 4);
          out[3] = (s1 >> 4) | (s3 & 0xF0);
        }
      }
    }
    for (int64_t r = 0; r < rows; ++r) {
      const int64_t n = g * kGroup + r;
      for (int64_t sb = 0; sb < p.sblocks; ++sb) {
        const int64_t i = n * p.sblocks + sb;
        const_cast<uint16_t*>(p.scales(g, sb))[r] = scales_fp16 ? static_cast<const uint16_t*>(scales)[i] : to_half(static_cast<const float*>(scales)[i]);
        if (zp) {
          const uint8_t byte = zp[n * zp_row_bytes + sb / 2];
          const_cast<uint8_t*>(p.zero_points(g, sb))[r] = (sb & 1) ? (byte >> 4) : (byte & 0x0F);
        }
      }
    }
  }
  return p;
}
