/*
 * The WASM kernels in plain C, as a native yardstick for bench/kernels.ts: the same loops, the
 * same Cephes logf polynomial (written branch-free so gcc can vectorize it) and the same data
 * generator. Build: gcc -O3 -march=native -fno-math-errno -fno-trapping-math kernels.c -lm (the
 * last flag lets gcc if-convert, hence vectorize, the log). Usage: kernels N REPEATS;
 * prints {"kernel": median ms, ...} as JSON.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint32_t seed = 0x5eed;
static double random01(void) { /* mulberry32, as in bench/kernels.ts */
  seed += 0x6d2b79f5u;
  uint32_t t = (seed ^ (seed >> 15)) * (1u | seed);
  t = (t + (t ^ (t >> 7)) * (61u | t)) ^ t;
  return (double)(t ^ (t >> 14)) / 4294967296.0;
}

static inline float bits_f(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static inline uint32_t f_bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

static inline float lnf(float x) { /* Cephes logf (S. L. Moshier), as assembly/logf.ts */
  int tiny = x < 1.17549435e-38f;
  uint32_t bits = f_bits(tiny ? x * 8388608.0f : x);
  int32_t e = (int32_t)(bits >> 23) - 126 - (tiny ? 23 : 0);
  float m = bits_f((bits & 0x007fffffu) | 0x3f000000u);
  int low = m < 0.707106781186547524f;
  e -= low;
  float t = m - 1.0f + (low ? m : 0.0f);
  float z = t * t;
  float y = 7.0376836292e-2f * t - 1.1514610310e-1f;
  y = y * t + 1.1676998740e-1f;
  y = y * t - 1.2420140846e-1f;
  y = y * t + 1.4249322787e-1f;
  y = y * t - 1.6668057665e-1f;
  y = y * t + 2.0000714765e-1f;
  y = y * t - 2.4999993993e-1f;
  y = y * t + 3.3333331174e-1f;
  y = y * t * z;
  float fe = (float)e;
  y += -2.12194440e-4f * fe;
  y += -0.5f * z;
  float r = t + y + 0.693359375f * fe;
  r = x < INFINITY ? r : x;
  r = x == 0 ? -INFINITY : r;
  return x < 0 ? NAN : r;
}

#define BINS 256
static float *out, *a, *b;
static uint8_t *mask;
static uint32_t counts[BINS];
static size_t n;
static volatile float sink;

static void absdiff(void) { for (size_t i = 0; i < n; i++) out[i] += fabsf(b[i] - a[i]); }
static void sqdiff(void) { for (size_t i = 0; i < n; i++) { float d = b[i] - a[i]; out[i] += d * d; } }
static void logratio(void) {
  const float eps = 1e-3f;
  for (size_t i = 0; i < n; i++) {
    float num = (b[i] < 0 ? 0 : b[i]) + eps, den = (a[i] < 0 ? 0 : a[i]) + eps;
    out[i] += fabsf(lnf(num / den));
  }
}
static void scale(void) { for (size_t i = 0; i < n; i++) out[i] *= 0.5f; }
static void sqrt_(void) { for (size_t i = 0; i < n; i++) out[i] = sqrtf(out[i]); }
static void minmax(void) {
  float lo = INFINITY, hi = -INFINITY;
  uint32_t count = 0;
  for (size_t i = 0; i < n; i++) {
    float v = a[i];
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
    count += v == v;
  }
  sink = lo + hi + (float)count;
}
static void histogram(void) {
  const double min = 0, max = 1000, range = max - min, last = BINS - 1;
  for (size_t i = 0; i < n; i++) {
    double v = a[i];
    double f = floor((v - min) * BINS / range);
    counts[(int)(f >= last ? last : f > 0 ? f : 0)] += v == v;
  }
}
static void threshold(void) {
  uint32_t ones = 0;
  for (size_t i = 0; i < n; i++) {
    float v = a[i];
    mask[i] = v != v ? 255 : v > 500.0f;
    ones += v > 500.0f;
  }
  sink = (float)ones;
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}
static int cmp(const void *x, const void *y) { double d = *(const double *)x - *(const double *)y; return (d > 0) - (d < 0); }

int main(int argc, char **argv) {
  n = argc > 1 ? strtoull(argv[1], 0, 10) : 50000000;
  int repeats = argc > 2 ? atoi(argv[2]) : 5;
  out = malloc(n * 4), a = malloc(n * 4), b = malloc(n * 4), mask = malloc(n);
  for (size_t i = 0; i < n; i++) {
    a[i] = (float)(random01() * 1000);
    b[i] = (float)fmin(999, fmax(0, a[i] + (random01() - 0.5) * 100));
    if (random01() < 0.001) a[i] = NAN;
  }
  struct { const char *name; void (*run)(void); int fromA; } cases[] = {
    {"absDiffAccumulate", absdiff, 0}, {"squaredDiffAccumulate", sqdiff, 0}, {"logRatioAccumulate", logratio, 0},
    {"scale", scale, 1}, {"sqrt", sqrt_, 1}, {"minMax", minmax, 0}, {"histogram", histogram, 0}, {"threshold", threshold, 0}};
  double *ms = malloc(sizeof(double) * repeats);
  printf("{");
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    for (int r = -1; r < repeats; r++) {
      if (cases[k].fromA) memcpy(out, a, n * 4); else memset(out, 0, n * 4);
      double start = now_ms();
      cases[k].run();
      if (r >= 0) ms[r] = now_ms() - start;
    }
    qsort(ms, repeats, sizeof(double), cmp);
    double median = repeats % 2 ? ms[repeats / 2] : (ms[repeats / 2 - 1] + ms[repeats / 2]) / 2;
    printf("%s\"%s\": %.3f", k ? ", " : "", cases[k].name, median);
  }
  printf("}\n");
  return 0;
}
