package dev.videorec.candidates.source;

/**
 * A candidate mixer configuration that cannot be used: malformed JSON, an unknown or missing key, a bad value, or a
 * source that does not exist. The message names the file (when there is one), the key and the value.
 */
public final class MixerConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public MixerConfigException(String message) {
    super(message);
  }

  public MixerConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
