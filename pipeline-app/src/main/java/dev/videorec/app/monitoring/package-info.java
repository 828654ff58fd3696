/**
 * Monitoring, the last step of the ML system design framework: compare a current window of the log with a
 * reference window and flag drift in the features, the predictions, the relation between them and the outcomes
 * (concept drift), and the concentration of exposure.
 */
package dev.videorec.app.monitoring;
