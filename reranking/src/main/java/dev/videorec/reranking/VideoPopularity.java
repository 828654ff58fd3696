package dev.videorec.reranking;

import dev.videorec.core.VideoId;

/** How often each video was clicked in the training log, for rules that correct popularity bias. Thread-safe. */
@FunctionalInterface
public interface VideoPopularity {
  /** Popularity unknown: every video counts 0 clicks. */
  VideoPopularity NONE = video -> 0;

  /** Clicks on {@code video}, {@code >= 0}; 0 for a video never clicked. */
  int clicks(VideoId video);
}
