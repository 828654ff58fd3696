package dev.videorec.reranking.config;

/**
 * A re-ranking configuration is invalid. The message names the offending key by its path, for example
 * {@code selectors[1].theta: theta must be in [0, 1), got 1.5}.
 */
public final class RerankConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public RerankConfigException(String message) {
    super(message);
  }
}
