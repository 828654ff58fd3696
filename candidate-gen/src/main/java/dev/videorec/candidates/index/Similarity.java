package dev.videorec.candidates.index;

/** How an index scores a stored vector against a query; higher is more similar. */
public enum Similarity {
  /** Inner product {@code q . v}: maximum inner product search, the natural score of factorization models. */
  DOT_PRODUCT,
  /** Cosine {@code q . v / (|q| |v|)}: inner product of L2-normalised vectors. */
  COSINE
}
