package dev.videorec.app.funnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The validation grids grow past the end that holds their best setting, and only there. */
class GrownGridTest {
  private static final List<Double> LAMBDAS = List.of(100.0, 300.0, 1000.0);
  private static final UnaryOperator<Double> DOWN = l -> ValidationSearch.halfDecade(l, false) >= 1
      ? ValidationSearch.halfDecade(l, false) : null;
  private static final UnaryOperator<Double> UP = l -> ValidationSearch.halfDecade(l, true);

  /** Grows the λ grid on a score that peaks at {@code peak}; returns the settings tried, in order, and the best. */
  private static List<Double> tried(double peak, List<Double> bestOut) {
    List<Double> fitted = new ArrayList<>();
    Map<String, Object> grid = new LinkedHashMap<>();
    Function<Double, double[]> score = l -> new double[] {-Math.abs(Math.log(l) - Math.log(peak)), 0};
    ValidationSearch.Fitted<Double, Double> best = ValidationSearch.grownGrid(LAMBDAS, DOWN, UP, l -> "l=" + l,
        l -> {
          fitted.add(l);
          return l;
        }, score, grid, line -> {});
    assertEquals(fitted.size(), grid.size(), "every setting fitted is recorded once");
    assertEquals(best.setting(), best.model(), "the model returned is the best setting's");
    bestOut.add(best.setting());
    return fitted;
  }

  @Test
  void aBestInsideTheGridLeavesItAsItIs() {
    List<Double> best = new ArrayList<>();
    assertEquals(LAMBDAS, tried(350, best));
    assertEquals(300.0, best.get(0));
  }

  @Test
  void aBestAtTheLowerEndGrowsTheGridDownUntilTheScoreFalls() {
    List<Double> best = new ArrayList<>();
    assertEquals(List.of(100.0, 300.0, 1000.0, 30.0, 10.0, 3.0), tried(10, best));
    assertEquals(10.0, best.get(0));
  }

  @Test
  void aBestAtTheUpperEndGrowsTheGridUpAtMostThreeSteps() {
    List<Double> best = new ArrayList<>();
    assertEquals(List.of(100.0, 300.0, 1000.0, 3000.0, 10000.0, 30000.0), tried(1e7, best));
    assertEquals(30000.0, best.get(0));
  }

  @Test
  void theGridStopsAtItsBound() {
    List<Double> fitted = new ArrayList<>();
    ValidationSearch.Fitted<Double, Double> lambda = ValidationSearch.grownGrid(List.of(3.0, 10.0, 30.0), DOWN, UP,
        l -> "l=" + l, l -> {
          fitted.add(l);
          return l;
        }, l -> new double[] {-l, 0}, new LinkedHashMap<>(), line -> {});
    assertEquals(List.of(3.0, 10.0, 30.0, 1.0), fitted, "λ never goes below 1");
    assertEquals(1.0, lambda.setting());

    List<Integer> ks = new ArrayList<>();
    int videos = 500;
    ValidationSearch.Fitted<Integer, Integer> k = ValidationSearch.grownGrid(List.of(25, 100, 400),
        x -> x / 4 >= 2 ? x / 4 : null, x -> x < videos ? Math.min(4 * x, videos) : null, x -> "k=" + x,
        x -> {
          ks.add(x);
          return x;
        }, x -> new double[] {x, 0}, new LinkedHashMap<>(), line -> {});
    assertEquals(List.of(25, 100, 400, 500), ks);
    assertEquals(500, k.setting());
  }

  @Test
  void tiesKeepTheFirstSettingAndStopTheGrowth() {
    List<Double> fitted = new ArrayList<>();
    ValidationSearch.Fitted<Double, Double> best = ValidationSearch.grownGrid(LAMBDAS, DOWN, UP, l -> "l=" + l,
        l -> {
          fitted.add(l);
          return l;
        }, l -> new double[] {0.5, 0}, new LinkedHashMap<>(), line -> {});
    assertEquals(List.of(100.0, 300.0, 1000.0, 30.0), fitted);
    assertEquals(100.0, best.setting());
  }

  @Test
  void halfDecadesRunOneThreeTen() {
    double l = 1;
    List<Double> up = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      up.add(l);
      l = ValidationSearch.halfDecade(l, true);
    }
    assertEquals(List.of(1.0, 3.0, 10.0, 30.0, 100.0, 300.0), up);
    assertEquals(30.0, ValidationSearch.halfDecade(100, false));
    assertEquals(10.0, ValidationSearch.halfDecade(30, false));
    assertEquals(1.0, ValidationSearch.halfDecade(3, false));
    assertEquals(3000.0, ValidationSearch.halfDecade(1000, true));
  }

  @Test
  void anEmptyGridIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> ValidationSearch.grownGrid(List.<Double>of(), DOWN, UP,
        l -> "l", l -> l, l -> new double[] {0, 0}, new LinkedHashMap<>(), line -> {}));
  }
}
