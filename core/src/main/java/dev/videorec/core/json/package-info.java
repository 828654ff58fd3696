/** The one strict JSON mapper of videorec, and how a JSON error names its place in the document. */
package dev.videorec.core.json;
