package dev.videorec.app.serving;

import dev.videorec.app.funnel.Funnel;
import dev.videorec.core.Candidate;
import dev.videorec.core.Recommendation;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.Ranker;
import dev.videorec.core.stage.Reranker;
import dev.videorec.core.trace.Trace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/** Simple, predictable stages for the service and server tests. */
final class FakeStages {
  private FakeStages() {}

  /** Candidates v1..vn in retrieval order, from a source named "test-source". */
  static Funnel.CandidateStage candidates(int n) {
    return (ctx, trace) -> {
      List<Candidate> c = new ArrayList<>();
      for (int v = 1; v <= n; v++) {
        c.add(Candidate.of(new VideoId(v), "test-source", v - 1, 1.0 / v));
      }
      return c;
    };
  }

  /** Scores each candidate by a function of its video id. */
  static Ranker ranker(IntToDoubleFunction scoreOfId) {
    return new Ranker() {
      @Override
      public String name() {
        return "fake";
      }

      @Override
      public List<ScoredCandidate> score(RequestContext ctx, List<Candidate> candidates) {
        List<ScoredCandidate> out = new ArrayList<>();
        for (Candidate c : candidates) {
          out.add(new ScoredCandidate(c, scoreOfId.applyAsDouble(c.video().value()), 0.5, 0.5));
        }
        return out;
      }
    };
  }

  /** Sorts by score, skips watched videos, keeps k. */
  static Reranker byScore() {
    return new Reranker() {
      @Override
      public String name() {
        return "sort";
      }

      @Override
      public List<Recommendation> rerank(RequestContext ctx, List<ScoredCandidate> scored, Trace trace) {
        List<ScoredCandidate> s = new ArrayList<>(scored);
        s.sort(Comparator.comparingDouble(ScoredCandidate::score).reversed());
        List<Recommendation> out = new ArrayList<>();
        for (ScoredCandidate c : s) {
          if (out.size() < ctx.request().k() && !ctx.history().hasWatched(c.candidate().video())) {
            out.add(new Recommendation(out.size() + 1, c.candidate().video(), c.score(), c.candidate().sources(),
                List.of()));
          }
        }
        return out;
      }
    };
  }
}
