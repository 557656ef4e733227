#include <immintrin.h>
#include <thread>
#include <chrono>
#include <cstdio>
#include <vector>
#include <atomic>
static double work(long iters) {
  __m512i a[CH]; for (int i = 0; i < CH; ++i) a[i] = _mm512_set1_epi32(i + 1);
  const __m512i b = _mm512_set1_epi32(0x01010101), c = _mm512_set1_epi32(0x02020202);
  auto t0 = std::chrono::steady_clock::now();
  for (long n = 0; n < iters; ++n)
    for (int i = 0; i < CH; ++i) a[i] = _mm512_dpbusd_epi32(a[i], b, c);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  int sink = 0; for (int i = 0; i < CH; ++i) sink += _mm512_reduce_add_epi32(a[i]);
  if (sink == 42) printf("!");
  return s;
}
int main(int argc, char** argv) {
  long iters = 200000000;
  for (int threads = 1; threads <= 2; ++threads) {
    std::vector<std::thread> ts; std::vector<double> secs(threads);
    for (int t = 0; t < threads; ++t) ts.emplace_back([&, t] { secs[t] = work(iters); });
    for (auto& t : ts) t.join();
    for (int t = 0; t < threads; ++t) printf("threads=%d t%d: %.2f G dpbusd/s\n", threads, t, iters * CH / secs[t] / 1e9);
  }
}
