package dev.videorec.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The demo, end to end on the committed sample, as {@code ./videorec demo} runs it. */
class DemoIT {
  @Test
  void demoRunsTheFunnelAndBeatsItsBaselines() {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setProperty("videorec.home", "..");
    int status = Main.run(List.of("demo", "--show", "2"), new PrintStream(o, true, StandardCharsets.UTF_8),
        new PrintStream(e, true, StandardCharsets.UTF_8));
    String out = o.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, () -> out + e.toString(StandardCharsets.UTF_8));

    for (String section : List.of("== 1. Data", "== 2. Training", "== 3. The funnel for user",
        "== 4. Offline evaluation", "== 5. Re-ranking variants on the validation window",
        "== 6. Re-ranking variants on the test window", "history:", "candidates:", "ranked by the ranker's score",
        "final list",
        "re-ranking decisions:", "latency:")) {
      assertTrue(out.contains(section), "missing '" + section + "' in\n" + out);
    }
    double twoTower = number(out, "\\n  two-tower\\s+\\S+\\s+(\\S+)");
    double mf = number(out, "\\n  mf-embedding\\s+\\S+\\s+(\\S+)");
    double popular = number(out, "\\n  popular\\s+\\S+\\s+(\\S+)\\s+\\S+\\n");
    assertTrue(mf > 2 * popular, "MF recall@100 " + mf + " vs popularity " + popular);
    assertTrue(twoTower > 2 * popular, "two-tower recall@100 " + twoTower + " vs popularity " + popular);
    double auc = number(out, "\\n  deep-multitask\\s+(\\S+)");
    double baselineAuc = number(out, "\\n  ctr-baseline\\s+(\\S+)");
    assertTrue(auc > 0.75 && auc > baselineAuc, "ranking AUC " + auc + " vs baseline " + baselineAuc);
    double ndcgFunnel = number(out, "NDCG@10:\\n  funnel\\s+(\\S+)");
    double ndcgPopular = number(out, "NDCG@10:\\n  funnel\\s+\\S+\\n  popular\\s+(\\S+)");
    assertTrue(ndcgFunnel > ndcgPopular, "NDCG funnel " + ndcgFunnel + " vs popular " + ndcgPopular);
    // The default chain is chosen on the validation window: no variant of the table beats it there on every
    // accuracy figure at once.
    assertTrue(out.contains("no variant beats the funnel's chain on NDCG, wNDCG and true minutes at once"), out);
    // Under the generator's ground truth, ranking by the value model (click x watch heads) gives more expected
    // watch time and less clickbait than ranking by the click head alone.
    String[] clickOnly = row(out, "click-only ranking");
    String[] value = row(out, "no re-ranking");
    double clickOnlyMinutes = Double.parseDouble(clickOnly[7]);
    double valueMinutes = Double.parseDouble(value[7]);
    assertTrue(valueMinutes > clickOnlyMinutes, "true minutes: value " + valueMinutes + " vs click-only "
        + clickOnlyMinutes);
    assertTrue(Double.parseDouble(value[6]) < Double.parseDouble(clickOnly[6]), "clickbait share: value "
        + value[6] + " vs click-only " + clickOnly[6]);
  }

  /** The numbers of a row of the re-ranking table, after its name: NDCG, wNDCG, ..., at indices 1.. */
  private static String[] row(String text, String name) {
    Matcher m = Pattern.compile("\\n  " + Pattern.quote(name) + "((?:\\s+\\S+){10})\\n").matcher(text);
    assertTrue(m.find(), "no row '" + name + "'");
    return ("x" + m.group(1)).trim().split("\\s+");
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), "no match for " + regex);
    return Double.parseDouble(m.group(1));
  }
}
