// MatMulQ4: onnxruntime custom op, a drop-in for com.microsoft.MatMulNBits with bits=4 (same inputs and
// attributes). At session creation it packs the constant weights once into 16-row groups whose 32-wide
// blocks are laid out for AVX-512 VNNI (vpdpbusd: 4-bit weights as unsigned bytes against int8 activations),
// keeping 4 bits a weight plus one float16 scale per block (Q4_0's 4.5 bits at block 32; MatMulNBits' own
// packing keeps 6). Activations are quantized per 32 values to int8, as MatMulNBits accuracy_level 4 does.
#define ORT_API_MANUAL_INIT
#include <onnxruntime_cxx_api.h>
#undef ORT_API_MANUAL_INIT

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#endif
#include <sys/mman.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace {

#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VNNI__)
constexpr bool kVnni = true;
#else
constexpr bool kVnni = false;
#endif

constexpr int64_t kGroup = 16;            // output rows packed together (one 512-bit lane each)
constexpr int64_t kBlockBytes = kGroup * 16;  // one 32-wide block of a group: 16 rows x 32 nibbles

[[noreturn]] void fail(const std::string& what) { throw Ort::Exception("MatMulQ4: " + what, ORT_INVALID_ARGUMENT); }

struct AlignedFree { void operator()(uint8_t* p) const { std::free(p); } };

uint8_t* alloc_huge(size_t bytes) {
  const size_t huge = size_t(2) << 20, size = std::max<size_t>(huge, (bytes + huge - 1) / huge * huge);
  void* p = std::aligned_alloc(huge, size);
  if (!p) throw Ort::Exception("MatMulQ4: out of memory packing weights", ORT_FAIL);
#ifdef MADV_HUGEPAGE
  madvise(p, size, MADV_HUGEPAGE);  // a hint: decode streams every byte once a token
#endif
  std::memset(p, 0, size);
  return static_cast<uint8_t*>(p);
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
  p.data.reset(alloc_huge(p.group_bytes * p.groups));
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

#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VNNI__)
constexpr int64_t kTileM = 4;

inline int32_t word(const int8_t* p) { int32_t v; std::memcpy(&v, p, 4); return v; }

// Rows of group g for A rows [m0, m0 + mt), mt <= kTileM: Y[m, 16g .. 16g+15].
void group_tile(const Packed& p, const QuantizedA& a, int64_t g, int64_t m0, int64_t mt, float* y) {
  const __m512i low = _mm512_set1_epi8(0x0F);
  __m512 acc[kTileM];
  for (int64_t i = 0; i < kTileM; ++i) acc[i] = _mm512_setzero_ps();
  const int64_t per_scale = p.bs / 32;
  __m512 scale = _mm512_setzero_ps(), zero = _mm512_set1_ps(8.f);
  for (int64_t kb = 0; kb < p.kblocks; ++kb) {
    if (kb % per_scale == 0) {
      const int64_t sb = kb / per_scale;
      scale = _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p.scales(g, sb))));
      if (p.has_zp) zero = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p.zero_points(g, sb)))));
    }
    const uint8_t* nib = p.nibbles(g, kb);
    _mm_prefetch(reinterpret_cast<const char*>(nib + 2048), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(nib + 2048 + 64), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(nib + 2048 + 128), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(nib + 2048 + 192), _MM_HINT_T0);
    __m512i lo[4], hi[4];
    for (int v = 0; v < 4; ++v) {
      const __m512i bytes = _mm512_load_si512(nib + v * 64);
      lo[v] = _mm512_and_si512(bytes, low);
      hi[v] = _mm512_andnot_si512(low, bytes);  // 16 x the high nibble: the sum is shifted back below
    }
    for (int64_t i = 0; i < mt; ++i) {
      const int64_t row = (m0 + i), at = row * p.kblocks + kb;
      const int8_t* q = a.q.data() + row * p.K + kb * 32;
      // sum_k a (q - z) = dot - z * sum(a): with the default z = 8 that term starts the integer sum
      __m512i dl = p.has_zp ? _mm512_setzero_si512() : _mm512_set1_epi32(-8 * a.sum[at]), dh = _mm512_setzero_si512();
      for (int v = 0; v < 4; ++v) {
        dl = _mm512_dpbusd_epi32(dl, lo[v], _mm512_set1_epi32(word(q + 8 * v)));
        dh = _mm512_dpbusd_epi32(dh, hi[v], _mm512_set1_epi32(word(q + 8 * v + 4)));
      }
      const __m512i dot = _mm512_add_epi32(dl, _mm512_srai_epi32(dh, 4));
      __m512 exact = _mm512_cvtepi32_ps(dot);
      if (p.has_zp) exact = _mm512_fnmadd_ps(zero, _mm512_set1_ps(static_cast<float>(a.sum[at])), exact);
      acc[i] = _mm512_fmadd_ps(exact, _mm512_mul_ps(scale, _mm512_set1_ps(a.d[at])), acc[i]);
    }
  }
  const int64_t left = std::min<int64_t>(kGroup, p.N - g * kGroup);
  const __mmask16 mask = static_cast<__mmask16>((1u << left) - 1);
  for (int64_t i = 0; i < mt; ++i) _mm512_mask_storeu_ps(y + (m0 + i) * p.N + g * kGroup, mask, acc[i]);
}

// The decode step (one row of A): G groups at once, with short dependency chains, so that the loads of several
// 256-byte blocks are in flight together.
template <int G>
void groups_m1(const Packed& p, const QuantizedA& a, int64_t g, float* y) {
  const __m512i low = _mm512_set1_epi8(0x0F);
  __m512 acc[G];
  __m512 scale[G], zero[G];
  for (int u = 0; u < G; ++u) { acc[u] = _mm512_setzero_ps(); scale[u] = _mm512_setzero_ps(); zero[u] = _mm512_set1_ps(8.f); }
  const int64_t per_scale = p.bs / 32;
  for (int64_t kb = 0; kb < p.kblocks; ++kb) {
    const int8_t* q = a.q.data() + kb * 32;
    const __m512i a0 = _mm512_set1_epi32(word(q)), a1 = _mm512_set1_epi32(word(q + 4));
    const __m512i a2 = _mm512_set1_epi32(word(q + 8)), a3 = _mm512_set1_epi32(word(q + 12));
    const __m512i a4 = _mm512_set1_epi32(word(q + 16)), a5 = _mm512_set1_epi32(word(q + 20));
    const __m512i a6 = _mm512_set1_epi32(word(q + 24)), a7 = _mm512_set1_epi32(word(q + 28));
    const __m512 d = _mm512_set1_ps(a.d[kb]);
    const int32_t sum = a.sum[kb];
    for (int u = 0; u < G; ++u) {
      if (kb % per_scale == 0) {
        const int64_t sb = kb / per_scale;
        scale[u] = _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p.scales(g + u, sb))));
        if (p.has_zp) zero[u] = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p.zero_points(g + u, sb)))));
      }
      const uint8_t* nib = p.nibbles(g + u, kb);
      for (int l = 0; l < 4; ++l) _mm_prefetch(reinterpret_cast<const char*>(nib + 2048 + 64 * l), _MM_HINT_T0);
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
      if (p.has_zp) exact = _mm512_fnmadd_ps(zero[u], _mm512_set1_ps(static_cast<float>(sum)), exact);
      acc[u] = _mm512_fmadd_ps(exact, _mm512_mul_ps(scale[u], d), acc[u]);
    }
  }
  for (int u = 0; u < G; ++u) {
    const int64_t left = std::min<int64_t>(kGroup, p.N - (g + u) * kGroup);
    _mm512_mask_storeu_ps(y + (g + u) * kGroup, static_cast<__mmask16>((1u << left) - 1), acc[u]);
  }
}

void run_groups(const Packed& p, const QuantizedA& a, int64_t M, int64_t g0, int64_t g1, float* y) {
  if (M == 1) {
    int64_t g = g0;
    for (; g + 4 <= g1; g += 4) groups_m1<4>(p, a, g, y);
    for (; g + 2 <= g1; g += 2) groups_m1<2>(p, a, g, y);
    if (g < g1) groups_m1<1>(p, a, g, y);
    return;
  }
  for (int64_t g = g0; g < g1; ++g)
    for (int64_t m0 = 0; m0 < M; m0 += kTileM) group_tile(p, a, g, m0, std::min<int64_t>(kTileM, M - m0), y);
}
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

struct Job {
  const Packed* p;
  const QuantizedA* a;
  int64_t M, groups_per_task;
  float* y;
};

void run_task(void* data, size_t task) {
  const Job& j = *static_cast<const Job*>(data);
  const int64_t g0 = static_cast<int64_t>(task) * j.groups_per_task;
  run_groups(*j.p, *j.a, j.M, g0, std::min<int64_t>(j.p->groups, g0 + j.groups_per_task), j.y);
}

struct MatMulQ4Kernel {
  Packed packed;

  explicit MatMulQ4Kernel(const OrtKernelInfo* info) {
    Ort::ConstKernelInfo ki(info);
    const int64_t K = ki.GetAttribute<int64_t>("K"), N = ki.GetAttribute<int64_t>("N");
    const int64_t bits = ki.GetAttribute<int64_t>("bits"), bs = ki.GetAttribute<int64_t>("block_size");
    if (bits != 4) fail("bits must be 4, got " + std::to_string(bits));
    if (bs != 32 && bs != 64 && bs != 128 && bs != 256) fail("block_size must be 32, 64, 128 or 256, got " + std::to_string(bs));
    if (K <= 0 || K % 32 != 0) fail("K must be a positive multiple of 32, got " + std::to_string(K));
    if (N <= 0) fail("N must be positive");
    const size_t inputs = ki.GetInputCount();
    if (inputs > 4) fail("g_idx and bias inputs are not supported");
    int constant = 0;
    Ort::ConstValue b = ki.GetTensorConstantInput(1, &constant);
    if (!constant) fail("B must be an initializer");
    Ort::ConstValue s = ki.GetTensorConstantInput(2, &constant);
    if (!constant) fail("scales must be an initializer");
    const uint8_t* zp = nullptr;
    if (inputs > 3 && !ki.GetInputName(3).empty()) {
      Ort::ConstValue z = ki.GetTensorConstantInput(3, &constant);
      if (!constant) fail("zero_points must be an initializer");
      zp = z.GetTensorData<uint8_t>();
    }
    const int64_t sblocks = (K + bs - 1) / bs;
    if (b.GetTensorTypeAndShapeInfo().GetElementCount() != static_cast<size_t>(N * sblocks * bs / 2)) fail("B has the wrong size");
    if (s.GetTensorTypeAndShapeInfo().GetElementCount() != static_cast<size_t>(N * sblocks)) fail("scales has the wrong size");
    const auto stype = s.GetTensorTypeAndShapeInfo().GetElementType();
    if (stype != ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT && stype != ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16) fail("scales must be float or float16");
    packed = pack(K, N, bs, b.GetTensorData<uint8_t>(), s.GetTensorRawData(), stype == ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16, zp);
  }

  void Compute(OrtKernelContext* context) {
    Ort::KernelContext ctx(context);
    auto a = ctx.GetInput(0);
    std::vector<int64_t> shape = a.GetTensorTypeAndShapeInfo().GetShape();
    if (shape.empty() || shape.back() != packed.K) fail("A's last dimension must be K = " + std::to_string(packed.K));
    int64_t M = 1;
    for (size_t i = 0; i + 1 < shape.size(); ++i) M *= shape[i];
    shape.back() = packed.N;
    auto y = ctx.GetOutput(0, shape);
    if (M == 0) return;
    thread_local QuantizedA qa;
    quantize(a.GetTensorData<float>(), M, packed.K, qa);
    Job job{&packed, &qa, M, 1, y.GetTensorMutableData<float>()};
    // Enough tasks for the pool to balance, each a few groups so dispatch stays cheap.
    job.groups_per_task = std::max<int64_t>(1, packed.groups / 64);
    const size_t tasks = static_cast<size_t>((packed.groups + job.groups_per_task - 1) / job.groups_per_task);
    ctx.ParallelFor(run_task, tasks, 0, &job);
  }
};

struct MatMulQ4Op : Ort::CustomOpBase<MatMulQ4Op, MatMulQ4Kernel> {
  void* CreateKernel(const OrtApi&, const OrtKernelInfo* info) const { return new MatMulQ4Kernel(info); }
  const char* GetName() const { return "MatMulQ4"; }
  const char* GetExecutionProviderType() const { return "CPUExecutionProvider"; }
  size_t GetInputTypeCount() const { return 4; }
  ONNXTensorElementDataType GetInputType(size_t i) const {
    if (i == 0) return ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT;
    if (i == 2) return ONNX_TENSOR_ELEMENT_DATA_TYPE_UNDEFINED;  // float or float16
    return ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8;
  }
  OrtCustomOpInputOutputCharacteristic GetInputCharacteristic(size_t i) const {
    return i == 3 ? INPUT_OUTPUT_OPTIONAL : INPUT_OUTPUT_REQUIRED;
  }
  size_t GetOutputTypeCount() const { return 1; }
  ONNXTensorElementDataType GetOutputType(size_t) const { return ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT; }
};

}  // namespace

#define TE_EXPORT __attribute__((visibility("default")))

extern "C" TE_EXPORT const char* TerminusEdgeKernelsVariant() { return kVnni ? "avx512-vnni" : "scalar"; }

extern "C" TE_EXPORT OrtStatus* ORT_API_CALL RegisterCustomOps(OrtSessionOptions* options, const OrtApiBase* api_base) {
  Ort::InitApi(api_base->GetApi(ORT_API_VERSION));
  static MatMulQ4Op op;
  static std::vector<Ort::CustomOpDomain> domains;  // must outlive every session that uses them
  static std::mutex lock;
  std::lock_guard<std::mutex> guard(lock);
  try {
    Ort::CustomOpDomain domain{"com.terminus_edge"};
    domain.Add(&op);
    Ort::UnownedSessionOptions(options).Add(domain);
    domains.push_back(std::move(domain));
  } catch (const Ort::Exception& e) {
    return Ort::GetApi().CreateStatus(e.GetOrtErrorCode(), e.what());
  }
  return nullptr;
}
