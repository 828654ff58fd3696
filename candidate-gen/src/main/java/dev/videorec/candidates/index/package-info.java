/**
 * Vector search: the latency-critical step of retrieval. A {@link dev.videorec.candidates.index.VectorIndex} knows
 * only {@code int} ordinals and float vectors; mapping ordinals to video ids is the candidate source's job.
 *
 * <ul>
 *   <li>{@link dev.videorec.candidates.index.ExactIndex}: brute force, the exact twin every approximate index is
 *       measured against;</li>
 *   <li>{@link dev.videorec.candidates.index.HnswIndex}: the HNSW graph (deterministic multi-threaded build in
 *       {@code HnswBuilder}, walks in {@code HnswGraph}), with an int8 view ({@code Int8Quantizer}), filtered
 *       search ({@link dev.videorec.candidates.index.OrdinalFilter}) and a checksummed file format
 *       ({@code HnswIndexFile});</li>
 *   <li>{@link dev.videorec.candidates.index.ClusteredVectors}: the seeded synthetic embeddings the tests, the
 *       {@code ann-bench} tool and the benchmarks share.</li>
 * </ul>
 */
package dev.videorec.candidates.index;
