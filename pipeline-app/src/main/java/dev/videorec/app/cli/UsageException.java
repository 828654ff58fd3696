package dev.videorec.app.cli;

/**
 * The user asked for something the command line cannot do (unknown command or option, malformed value). Printed
 * as one line without a stack trace; the process exits with status 2.
 */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
