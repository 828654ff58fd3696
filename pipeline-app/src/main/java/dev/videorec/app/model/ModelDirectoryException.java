package dev.videorec.app.model;

/**
 * A model directory, or the data it names, cannot be used: not a model directory, another format version, a
 * missing or changed dataset, an unreadable model file. The message names the path and what is wrong; the command
 * line prints it as one line and exits with status 2.
 */
public final class ModelDirectoryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelDirectoryException(String message) {
    super(message);
  }
}
