package dev.videorec.app.simulation;

import dev.videorec.core.VideoId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Team-draft interleaving (Radlinski, Kurup and Joachims, CIKM 2008): two rankers' lists are merged into one, as
 * captains pick players for two teams. In each round the team with fewer picks so far (a coin decides ties)
 * adds its highest-ranked video not yet in the list, and the video remembers its team. A click then credits the
 * team that contributed the video. Because every user sees both rankers' best results in fair turns, comparing
 * credited clicks per user needs far fewer users than an A/B split for the same sensitivity.
 */
public final class TeamDraftInterleaving {
  /** Which ranker contributed a slot. */
  public enum Team { A, B }

  /**
   * The merged list and each slot's team.
   *
   * @param videos the interleaved list
   * @param teams  {@code teams.get(i)} contributed {@code videos.get(i)}
   */
  public record Interleaved(List<VideoId> videos, List<Team> teams) {}

  private TeamDraftInterleaving() {}

  /**
   * Interleaves {@code a} and {@code b} into at most {@code k} videos. The list is shorter than {@code k} only when
   * both inputs run out.
   */
  public static Interleaved interleave(List<VideoId> a, List<VideoId> b, int k, SplittableRandom random) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    List<VideoId> videos = new ArrayList<>(k);
    List<Team> teams = new ArrayList<>(k);
    Set<VideoId> used = new HashSet<>();
    int pickedA = 0;
    int pickedB = 0;
    int ia = 0;
    int ib = 0;
    while (videos.size() < k) {
      while (ia < a.size() && used.contains(a.get(ia))) {
        ia++;
      }
      while (ib < b.size() && used.contains(b.get(ib))) {
        ib++;
      }
      boolean aLeft = ia < a.size();
      boolean bLeft = ib < b.size();
      if (!aLeft && !bLeft) {
        break;
      }
      boolean aTurn = pickedA < pickedB || (pickedA == pickedB && random.nextBoolean());
      if ((aTurn && aLeft) || !bLeft) {
        videos.add(a.get(ia));
        used.add(a.get(ia));
        teams.add(Team.A);
        pickedA++;
      } else {
        videos.add(b.get(ib));
        used.add(b.get(ib));
        teams.add(Team.B);
        pickedB++;
      }
    }
    return new Interleaved(List.copyOf(videos), List.copyOf(teams));
  }
}
