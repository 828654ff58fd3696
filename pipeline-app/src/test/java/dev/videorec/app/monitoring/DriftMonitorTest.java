package dev.videorec.app.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.Interaction;
import dev.videorec.data.VideoCatalog;
import dev.videorec.data.synthetic.SyntheticWorld;
import dev.videorec.data.WorldConfig;
import dev.videorec.ranking.model.MultiTaskConfig;
import dev.videorec.ranking.model.MultiTaskTrainer;
import dev.videorec.ranking.model.NeuralRanker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftMonitorTest {
  private static final int DAYS = 21;
  private static final long DAY = 86_400;

  /** Trains on days 0-9, compares days 14-20 with days 10-13. */
  private static DriftMonitor.Report monitor(WorldConfig config) {
    SyntheticWorld world = SyntheticWorld.create(config);
    List<Interaction> log = new ArrayList<>();
    world.generateLog(log::add, d -> { });
    VideoCatalog catalog = new VideoCatalog(world.videos());
    long start = config.startTime();
    long referenceStart = start + 10 * DAY;
    long currentStart = start + 14 * DAY;
    List<Interaction> train = log.stream().filter(i -> i.timestamp() < referenceStart).toList();
    NeuralRanker model = new MultiTaskTrainer(new MultiTaskConfig(List.of(32, 16), 3, 512, 3e-3, 2, 1, 4, false))
        .train(train, catalog, world.users(), line -> { });
    DriftMonitor.Report r = DriftMonitor.run(log, catalog, world.users(), referenceStart, currentStart,
        start + DAYS * DAY, model, MonitorThresholds.DEFAULT);
    System.out.println(r.markdown());
    return r;
  }

  @Test
  void flagsTheInterestShiftOfTheDriftOptionAndStaysQuietWithoutIt() {
    WorldConfig base = WorldConfig.of(9, 500, 2_000, DAYS);
    DriftMonitor.Report quiet = monitor(base);
    // Thresholds: PSI 0.2 and KS D 0.1 per feature, AUC drop 0.03, calibration shift 0.15, Gini change 0.05. Without
    // drift nothing crosses them; with half of every user's interest moved at day 14, the model's AUC falls and
    // the user-topic affinity of what users are shown and click shifts.
    assertFalse(quiet.drifted(), quiet.alerts().toString());
    DriftMonitor.Report drifted = monitor(base.withDriftDay(14));
    assertTrue(drifted.drifted(), "the drift of day 14 went unnoticed:\n" + drifted.markdown());
    assertTrue(drifted.alerts().stream().anyMatch(a -> a.startsWith("concept: AUC fell")),
        drifted.alerts().toString());
    assertTrue(drifted.currentAuc() < quiet.currentAuc(), "AUC with drift " + drifted.currentAuc()
        + " vs without " + quiet.currentAuc());
    // The daily figures and the charts drawn from them.
    assertEquals(drifted.dailyAuc().size(), drifted.dailyCalibration().size());
    assertTrue(drifted.markdown().contains("Calibration by day: "));
  }

  @Test
  void psiAndGiniOnKnownInputs() {
    double[] a = new double[1000];
    double[] b = new double[1000];
    for (int i = 0; i < a.length; i++) {
      a[i] = i;
      b[i] = i + 500;
    }
    assertEquals(0.0, DriftMonitor.psi(a, a.clone()), 1e-12, "a distribution against itself");
    assertTrue(DriftMonitor.psi(a, b) > 1, "half the mass moved past the reference's range");
  }

  @Test
  void rejectsInvalidThresholdsAndWindows() {
    assertEquals("psi must be > 0, got 0.0", assertThrows(IllegalArgumentException.class,
        () -> new MonitorThresholds(0, 0.1, 0.001, 0.1, 0.03, 0.15, 0.05)).getMessage());
    assertEquals("chiSquareP must be in (0, 1), got 1.0", assertThrows(IllegalArgumentException.class,
        () -> new MonitorThresholds(0.2, 0.1, 1, 0.1, 0.03, 0.15, 0.05)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> DriftMonitor.run(List.of(), new VideoCatalog(List.of()),
        List.of(), 10, 5, 20, null, MonitorThresholds.DEFAULT));
  }
}
