package dev.videorec.core;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A video proposed for ranking, with every source that proposed it.
 *
 * @param video   the proposed video
 * @param sources one attribution per source, the first being the source that proposed it first; never empty
 */
public record Candidate(VideoId video, List<Attribution> sources) {
  public Candidate {
    Objects.requireNonNull(video, "video");
    sources = List.copyOf(sources);
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("a candidate needs at least one source: " + video);
    }
  }

  /** A candidate from a single source. */
  public static Candidate of(VideoId video, String source, int rank, double score) {
    return new Candidate(video, List.of(new Attribution(source, rank, score)));
  }

  /** A candidate from a single source, with the source's reason in words. */
  public static Candidate of(VideoId video, String source, int rank, double score, String detail) {
    return new Candidate(video, List.of(new Attribution(source, rank, score, detail)));
  }

  /** The name of the source that proposed this candidate first. */
  public String primarySource() {
    return sources.get(0).source();
  }

  /** The score given by {@code source}, if that source proposed this candidate. */
  public OptionalDouble scoreFrom(String source) {
    for (Attribution a : sources) {
      if (a.source().equals(source)) {
        return OptionalDouble.of(a.score());
      }
    }
    return OptionalDouble.empty();
  }
}
