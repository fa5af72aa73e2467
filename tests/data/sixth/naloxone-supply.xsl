<?xml version="1.0" encoding="UTF-8"?>
<!-- SPDX-License-Identifier: MIT
     Test rendition of the sixth doctype. -->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:c="urn:carex:doc:1"
                xmlns:l="urn:carex:layout:1"
                exclude-result-prefixes="c">
  <xsl:import href="../../../xsl/common.xsl"/>
  <xsl:param name="party-practice-name" select="''"/>
  <xsl:param name="party-practice-phone" select="''"/>
  <xsl:param name="party-practice-ooh" select="''"/>
  <xsl:template match="/c:naloxone-supply">
    <l:document>
      <xsl:call-template name="document-attributes">
        <xsl:with-param name="title" select="'Take-home naloxone supplied'"/>
      </xsl:call-template>
      <xsl:call-template name="running"/>
      <l:body>
        <xsl:call-template name="letterhead"/>
        <l:heading level="1">Take-home naloxone supplied</l:heading>
        <l:para>
          <l:b><xsl:call-template name="person-name"><xsl:with-param name="n" select="c:patient/c:name"/></xsl:call-template></l:b>
          <xsl:text>, CHI </xsl:text>
          <xsl:call-template name="chi"><xsl:with-param name="chi" select="c:patient/c:chi"/></xsl:call-template>
          <xsl:text>, was supplied a naloxone </xsl:text>
          <xsl:value-of select="translate(c:kit, '-', ' ')"/>
          <xsl:text> kit on </xsl:text>
          <xsl:call-template name="date"><xsl:with-param name="d" select="c:supplied"/></xsl:call-template>
          <xsl:text>.</xsl:text>
        </l:para>
        <l:para><xsl:value-of select="concat('Copied to ', $party-practice-name, ', ', $party-practice-phone, '.')"/></l:para>
        <xsl:call-template name="out-of-hours">
          <xsl:with-param name="who" select="$party-practice-name"/>
          <xsl:with-param name="route" select="$party-practice-ooh"/>
        </xsl:call-template>
      </l:body>
    </l:document>
  </xsl:template>
</xsl:stylesheet>
