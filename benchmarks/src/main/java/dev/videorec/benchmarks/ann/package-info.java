/**
 * {@code ann-bench}: every vector index on the same vectors and queries in one process, so their ratios hold on a
 * noisy machine. {@link dev.videorec.benchmarks.ann.AnnBench} runs the sweep; each index under test is a {@code
 * Contender}: videorec's own ({@code VideorecContenders}) and the peers, Lucene's HNSW graph ({@code
 * LuceneContender}) and hnswlib ({@code HnswlibContender}), which live only in this module. {@code VectorFile}
 * reads {@code --data}, {@code RecallQpsPlot} draws the chart.
 */
package dev.videorec.benchmarks.ann;
