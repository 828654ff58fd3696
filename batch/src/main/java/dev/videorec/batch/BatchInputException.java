package dev.videorec.batch;

/** Input a batch job cannot run on (a missing file, a wrong header or column type), found before Spark works. */
public final class BatchInputException extends RuntimeException {
  public BatchInputException(String message) {
    super(message);
  }
}
