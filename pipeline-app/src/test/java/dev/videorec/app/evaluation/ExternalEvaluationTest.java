package dev.videorec.app.evaluation;

import dev.videorec.app.funnel.ValidationSearch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.Interaction;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ExternalEvaluationTest {
  @Test
  void pairedDifferencesSeeWhatUnpairedIntervalsCannot() {
    // 40 users; list A puts the relevant movie first for every user, list B second: A - B is the same positive
    // amount for everyone (1 - 1/log2(3)), so its paired interval is a point above zero.
    Map<String, Set<String>> relevant = new TreeMap<>();
    Map<String, List<String>> a = new TreeMap<>();
    Map<String, List<String>> b = new TreeMap<>();
    for (int u = 0; u < 40; u++) {
      String user = "u-" + u;
      relevant.put(user, Set.of("m" + (1000 + u)));
      a.put(user, List.of("m" + (1000 + u), "m5", "m6"));
      b.put(user, List.of("m5", "m" + (1000 + u), "m6"));
    }
    Map<String, Map<String, List<String>>> lists = new LinkedHashMap<>();
    lists.put("a", a);
    lists.put("b", b);
    ExternalEvaluation.Report r = ExternalEvaluation.evaluate(lists, relevant, 100, "test");
    assertEquals(2, r.paired().size());
    ExternalEvaluation.Paired ab = r.paired().get(0);
    assertEquals("a", ab.a());
    double expected = 1 - 1 / (Math.log(3) / Math.log(2));
    assertEquals(expected, ab.differences().get("NDCG@10")[0], 1e-9);
    assertTrue(ab.differences().get("NDCG@10")[1] > 0, "interval above zero");
    assertEquals(0, ab.differences().get("recall@100")[0], 1e-12, "both lists hold the movie");
    assertEquals(-expected, r.paired().get(1).differences().get("NDCG@10")[0], 1e-9);
    assertTrue(ExternalEvaluation.markdown(r).contains("Paired differences"));
  }

  @Test
  void theValidationCarveHoldsOutEachUsersLatestShare() {
    List<Interaction> log = new ArrayList<>();
    for (int t = 0; t < 10; t++) {
      log.add(new Interaction(new UserId(1), new VideoId(t), t, 0, true, 10));
      if (t < 3) {
        log.add(new Interaction(new UserId(2), new VideoId(100 + t), t, 0, true, 10));
      }
    }
    log.add(new Interaction(new UserId(3), new VideoId(7), 20, 0, true, 10));
    List<Interaction> fit = new ArrayList<>();
    List<Interaction> valid = new ArrayList<>();
    ValidationSearch.carve(log, 0.2, fit, valid);
    // User 1: 2 of 10 (videos 8 and 9); user 2: round(0.6) = 1 (video 102); user 3 keeps their only one.
    assertEquals(List.of(new VideoId(8), new VideoId(9), new VideoId(102)),
        valid.stream().map(Interaction::video).sorted().toList());
    assertEquals(log.size() - 3, fit.size());
  }
}
