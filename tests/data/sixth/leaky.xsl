<?xml version="1.0" encoding="UTF-8"?>
<!-- A hostile stylesheet: it tries to read a local file with document().
     The XSLT security preferences must stop the transform. -->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:l="urn:carex:layout:1">
  <xsl:template match="/">
    <l:document title="leak" author="x" created="2025-01-01T00:00:00Z" marking="OFFICIAL">
      <l:body><l:para><xsl:value-of select="document('file:///etc/passwd')"/></l:para></l:body>
    </l:document>
  </xsl:template>
</xsl:stylesheet>
