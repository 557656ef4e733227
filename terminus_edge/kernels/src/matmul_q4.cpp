// terminus.edge::MatMulNBits ("MatMulQ4" below): an onnxruntime custom op, a drop-in for com.microsoft.MatMulNBits with bits=4 (same inputs and
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

#include "q4_pack.hpp"
#include "q4_compute.hpp"

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
    release_source(b.GetTensorData<uint8_t>(), static_cast<size_t>(N * sblocks * bs / 2));
    release_source(s.GetTensorRawData(), static_cast<size_t>(N * sblocks) * (stype == ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16 ? 2 : 4));
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
    job.groups_per_task = std::max<int64_t>(1, packed.groups / 64 / kTile) * kTile;  // whole tiles: decode streams them
    const size_t tasks = static_cast<size_t>((packed.groups + job.groups_per_task - 1) / job.groups_per_task);
    ctx.ParallelFor(run_task, tasks, 0, &job);
  }
};

struct MatMulQ4Op : Ort::CustomOpBase<MatMulQ4Op, MatMulQ4Kernel> {
  void* CreateKernel(const OrtApi&, const OrtKernelInfo* info) const { return new MatMulQ4Kernel(info); }
  const char* GetName() const { return "MatMulNBits"; }  // same op, our domain: a same-length rename (runtime/kernel_graph.py)
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

extern "C" TE_EXPORT const char* TerminusEdgeKernelsVariant() {
  if (kVnni) return "avx512-vnni";
#if defined(__AVX2__) && defined(__FMA__) && defined(__F16C__) && defined(__AVXVNNI__)  // q4_compute_avx2.hpp
  return "avx2-vnni";
#elif defined(__AVX2__) && defined(__FMA__) && defined(__F16C__)
  return "avx2";
#else
  return "scalar";
#endif
}

extern "C" TE_EXPORT OrtStatus* ORT_API_CALL RegisterCustomOps(OrtSessionOptions* options, const OrtApiBase* api_base) {
  Ort::InitApi(api_base->GetApi(ORT_API_VERSION));
  static MatMulQ4Op op;
  static std::vector<Ort::CustomOpDomain> domains;  // must outlive every session that uses them
  static std::mutex lock;
  std::lock_guard<std::mutex> guard(lock);
  try {
    Ort::CustomOpDomain domain{"terminus.edge"};
    domain.Add(&op);
    Ort::UnownedSessionOptions(options).Add(domain);
    domains.push_back(std::move(domain));
  } catch (const Ort::Exception& e) {
    return Ort::GetApi().CreateStatus(e.GetOrtErrorCode(), e.what());
  }
  return nullptr;
}
