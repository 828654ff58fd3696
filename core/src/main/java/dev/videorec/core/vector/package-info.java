/**
 * Vector kernels shared by the stages: the one seam behind which dot products can move to SIMD.
 */
package dev.videorec.core.vector;
