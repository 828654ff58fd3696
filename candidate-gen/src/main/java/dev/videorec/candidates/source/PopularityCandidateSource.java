package dev.videorec.candidates.source;

import dev.videorec.core.Candidate;
import dev.videorec.core.Interaction;
import dev.videorec.core.RequestContext;
import dev.videorec.core.UserHistory;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.CandidateSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The most-clicked videos of a training window, the same for everyone except that each user's watched videos are
 * skipped. It is both a candidate source (it covers users with no history) and the baseline every learned
 * retrieval model must beat. Immutable and thread-safe.
 */
public final class PopularityCandidateSource implements CandidateSource {
  /** The default name of this source in attributions. */
  public static final String NAME = "popular";

  private final String name;
  private final VideoId[] ranked;
  private final int[] clicks;

  private final Map<VideoId, Integer> byVideo;

  private PopularityCandidateSource(String name, VideoId[] ranked, int[] clicks) {
    this.name = name;
    this.ranked = ranked;
    this.clicks = clicks;
    this.byVideo = new HashMap<>(ranked.length * 2);
    for (int r = 0; r < ranked.length; r++) {
      byVideo.put(ranked[r], clicks[r]);
    }
  }

  /** The clicks {@code video} had in the counted log; 0 when it had none. */
  public int clicks(VideoId video) {
    return byVideo.getOrDefault(video, 0);
  }

  /** Counts clicks per video in {@code log}; ties are broken by the lower video id. */
  public static PopularityCandidateSource fromLog(String name, List<Interaction> log) {
    Objects.requireNonNull(name, "name");
    Map<VideoId, Integer> counts = new HashMap<>();
    for (Interaction i : log) {
      if (i.clicked()) {
        counts.merge(i.video(), 1, Integer::sum);
      }
    }
    List<Map.Entry<VideoId, Integer>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(Map.Entry.<VideoId, Integer>comparingByValue(Comparator.reverseOrder())
        .thenComparing(Map.Entry.comparingByKey()));
    VideoId[] ranked = new VideoId[entries.size()];
    int[] clicks = new int[entries.size()];
    for (int r = 0; r < ranked.length; r++) {
      ranked[r] = entries.get(r).getKey();
      clicks[r] = entries.get(r).getValue();
    }
    return new PopularityCandidateSource(name, ranked, clicks);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<Candidate> candidates(RequestContext context, int limit) {
    CandidateSource.requireLimit(limit);
    UserHistory history = context.history();
    List<Candidate> out = new ArrayList<>(Math.min(limit, ranked.length));
    for (int r = 0; r < ranked.length && out.size() < limit; r++) {
      if (!history.hasWatched(ranked[r])) {
        out.add(Candidate.of(ranked[r], name, out.size(), clicks[r]));
      }
    }
    return List.copyOf(out);
  }
}
