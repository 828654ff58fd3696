/**
 * The application: the one module that depends on all three stages. Its packages, each used only by those above
 * it ({@code ArchitectureTest} checks the direction):
 * <ul>
 *   <li>{@code cli}: the {@code videorec} command line ({@link dev.videorec.app.cli.Main}), one class per command;</li>
 *   <li>{@code evaluation}: offline reports, outside lists scored with paired intervals, batch top-k lists;</li>
 *   <li>{@code serving}: the HTTP API and the budgeted service (step 6, serving);</li>
 *   <li>{@code simulation}: the simulated online A/B test and interleaving (online evaluation);</li>
 *   <li>{@code monitoring}: drift and exposure monitoring (step 7);</li>
 *   <li>{@code model}: the model directory, between training and serving;</li>
 *   <li>{@code funnel}: the one funnel executor ({@link dev.videorec.app.funnel.Funnel}), its assembly and training
 *       ({@link dev.videorec.app.funnel.FunnelBuilder}), and on ratings data and logs the choice of the funnel on
 *       validation data ({@link dev.videorec.app.funnel.ValidationSearch}) (step 5, training and evaluation).</li>
 * </ul>
 */
package dev.videorec.app;
