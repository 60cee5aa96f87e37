package io.gradgen.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.geom.Line2D;
import org.junit.jupiter.api.Test;

class SvgPlotTest {

  @Test
  void coordinatesAreKeptToAHundredthInTheirShortestForm() {
    assertEquals("210.84", SvgPlot.hundredths(210.84257783925707));
    assertEquals("12", SvgPlot.hundredths(12.0));
    assertEquals("-0.5", SvgPlot.hundredths(-0.4999));
    assertEquals("0", SvgPlot.hundredths(-0.001));
  }

  @Test
  void aDocumentIsAnXmlDeclarationAndOneSvgElementOfTheGivenSize() {
    String svg = SvgPlot.document(300, 200, g -> {
      g.setColor(Color.RED);
      g.draw(new Line2D.Double(1.23456, 2, 100.5, 150));
      g.drawString("hello", 10, 20);
    });
    assertTrue(svg.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "), svg);
    assertTrue(svg.contains("width=\"300\"") || svg.contains("width=\"300.0\"") || svg.contains("width='300"), svg);
    assertTrue(svg.contains("x1='1.23'") || svg.contains("x1=\"1.23\""), svg);
    assertTrue(svg.contains(">hello</text>"), svg);
    assertTrue(svg.strip().endsWith("</svg>"), svg);
  }
}
