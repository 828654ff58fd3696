/**
 * The model directory: what {@code train} writes (the trained models, the chosen configurations, the validation
 * search's report, the data it was trained on) and every other command loads, checked on load. ML system design
 * step 6 (serving): the artefact between training and serving.
 */
package dev.videorec.app.model;
