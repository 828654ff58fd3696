package dev.videorec.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The simulation report's arithmetic that the feedback-loop comparisons rest on. */
class SimulateReportTest {

  @Test
  void theGiniTrendIsTheLeastSquaresSlopePerDay() {
    assertEquals(-0.01, SimulateCommand.trend(new double[] {0.90, 0.89, 0.88, 0.87}), 1e-12);
    // Noise around a line: the slope of y = 0.9 + 0.002 d with residuals that sum to zero and are orthogonal to d.
    assertEquals(0.002, SimulateCommand.trend(new double[] {0.902 + 0.001, 0.904 - 0.002, 0.906 + 0.001}), 1e-12);
    assertEquals(0, SimulateCommand.trend(new double[] {0.5}));
    assertEquals(0, SimulateCommand.trend(new double[] {0.7, 0.7, 0.7, 0.7, 0.7}), 1e-15);
  }
}
