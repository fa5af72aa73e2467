<?xml version="1.0" encoding="UTF-8"?>
<!--
  SPDX-License-Identifier: MIT
  Templates shared by every carex stylesheet: the page furniture of the
  layout vocabulary (document attributes, running text, status banner,
  letterhead, recipient address) and the wording of shared types (dates,
  names, medicines, weekdays). Included with xsl:import by each doctype's
  stylesheet.

  Parameters, set by carex from the participant directory (and settable
  with xsltproc - -stringparam for integrators). Multi-line values separate
  their lines with '|'.
    role               the receiving role this rendition is for
    recipient          the receiving participant's code
    recipient-name     its name
    recipient-address  its postal address, lines separated by '|'
    sender-name        the sending participant's name
    sender-address     its postal address, lines separated by '|'
    sender-contact     contact lines (person, phone, email), '|'-separated
    status             '' or 'superseded' or 'cancelled'
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:c="urn:carex:doc:1"
                xmlns:l="urn:carex:layout:1"
                exclude-result-prefixes="c">

  <xsl:param name="role" select="''"/>
  <xsl:param name="recipient" select="''"/>
  <xsl:param name="recipient-name" select="''"/>
  <xsl:param name="recipient-address" select="''"/>
  <xsl:param name="sender-name" select="''"/>
  <xsl:param name="sender-address" select="''"/>
  <xsl:param name="sender-contact" select="''"/>
  <xsl:param name="status" select="''"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>
  <xsl:strip-space elements="*"/>

  <!-- The layout document's required attributes and the status banner.
       Call inside l:document: title is the caller's; author, created and
       marking come from the common header. -->
  <xsl:template name="document-attributes">
    <xsl:param name="title"/>
    <xsl:param name="subject" select="''"/>
    <xsl:variable name="h" select="/*/c:header"/>
    <xsl:attribute name="title"><xsl:value-of select="$title"/></xsl:attribute>
    <xsl:attribute name="author">
      <xsl:choose>
        <xsl:when test="$sender-name != ''"><xsl:value-of select="$sender-name"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$h/c:from"/></xsl:otherwise>
      </xsl:choose>
    </xsl:attribute>
    <xsl:if test="$subject != ''">
      <xsl:attribute name="subject"><xsl:value-of select="$subject"/></xsl:attribute>
    </xsl:if>
    <xsl:attribute name="keywords">
      <xsl:value-of select="concat(local-name(/*), ' ', $h/c:message-id)"/>
    </xsl:attribute>
    <xsl:attribute name="created"><xsl:value-of select="$h/c:issued"/></xsl:attribute>
    <xsl:attribute name="marking"><xsl:value-of select="$h/c:marking"/></xsl:attribute>
  </xsl:template>

  <!-- Running text and the banner a superseded or cancelled document
       carries on every page. -->
  <xsl:template name="running">
    <xsl:param name="header-left" select="$sender-name"/>
    <xsl:param name="header-right" select="''"/>
    <xsl:param name="footer" select="''"/>
    <l:running header-left="{$header-left}" header-right="{$header-right}"
               footer="{$footer}"/>
    <xsl:choose>
      <xsl:when test="$status = 'superseded'">
        <l:banner>SUPERSEDED: a later document replaces this one. Do not act on it.</l:banner>
      </xsl:when>
      <xsl:when test="$status = 'cancelled'">
        <l:banner>CANCELLED by the sender. Do not act on this document.</l:banner>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- Letterhead of the sender, from the directory. -->
  <xsl:template name="letterhead">
    <xsl:if test="$sender-name != ''">
      <l:letterhead>
        <l:name><xsl:value-of select="$sender-name"/></l:name>
        <xsl:call-template name="split-lines">
          <xsl:with-param name="s" select="$sender-address"/>
        </xsl:call-template>
        <xsl:call-template name="split-lines">
          <xsl:with-param name="s" select="$sender-contact"/>
        </xsl:call-template>
      </l:letterhead>
    </xsl:if>
  </xsl:template>

  <!-- Address block of the recipient, from the directory. addressee, if
       given, is printed first (a person: "Dr Siobhán Ó Dónaill"). -->
  <xsl:template name="recipient-address">
    <xsl:param name="addressee" select="''"/>
    <xsl:if test="$recipient-name != ''">
      <l:address>
        <xsl:if test="$addressee != ''"><l:line><xsl:value-of select="$addressee"/></l:line></xsl:if>
        <l:line><xsl:value-of select="$recipient-name"/></l:line>
        <xsl:call-template name="split-lines">
          <xsl:with-param name="s" select="$recipient-address"/>
        </xsl:call-template>
      </l:address>
    </xsl:if>
  </xsl:template>

  <!-- 'a|b|c' as l:line elements. -->
  <xsl:template name="split-lines">
    <xsl:param name="s"/>
    <xsl:if test="$s != ''">
      <xsl:choose>
        <xsl:when test="contains($s, '|')">
          <l:line><xsl:value-of select="substring-before($s, '|')"/></l:line>
          <xsl:call-template name="split-lines">
            <xsl:with-param name="s" select="substring-after($s, '|')"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise><l:line><xsl:value-of select="$s"/></l:line></xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <!-- 2025-01-29 (or a dateTime) as "29 January 2025". -->
  <xsl:template name="date">
    <xsl:param name="d" select="."/>
    <xsl:variable name="m" select="number(substring($d, 6, 2))"/>
    <xsl:value-of select="number(substring($d, 9, 2))"/>
    <xsl:text> </xsl:text>
    <xsl:value-of select="normalize-space(substring(
      'January  February March    April    May      June     July     August   SeptemberOctober  November December ',
      ($m - 1) * 9 + 1, 9))"/>
    <xsl:text> </xsl:text>
    <xsl:value-of select="substring($d, 1, 4)"/>
  </xsl:template>

  <!-- A c:PersonName as "Dr Siobhán Ó Dónaill". -->
  <xsl:template name="person-name">
    <xsl:param name="n" select="."/>
    <xsl:if test="$n/c:title"><xsl:value-of select="$n/c:title"/><xsl:text> </xsl:text></xsl:if>
    <xsl:value-of select="$n/c:given"/>
    <xsl:text> </xsl:text>
    <xsl:value-of select="$n/c:family"/>
  </xsl:template>

  <!-- A c:Address on one line: "85 Denmark Street, Glasgow G22 5EG". -->
  <xsl:template name="address-inline">
    <xsl:param name="a" select="."/>
    <xsl:for-each select="$a/c:line">
      <xsl:value-of select="."/>
      <xsl:if test="position() != last()">, </xsl:if>
    </xsl:for-each>
    <xsl:text> </xsl:text>
    <xsl:value-of select="$a/c:postcode"/>
  </xsl:template>

  <!-- A CHI number grouped for reading aloud: "140385 2344". -->
  <xsl:template name="chi">
    <xsl:param name="chi" select="."/>
    <xsl:value-of select="concat(substring($chi, 1, 6), ' ', substring($chi, 7, 4))"/>
  </xsl:template>

  <!-- Medicine names as a prescriber writes them. -->
  <xsl:template name="medication">
    <xsl:param name="m" select="."/>
    <xsl:choose>
      <xsl:when test="$m = 'methadone-oral-solution-1mg-ml'">Methadone oral solution 1 mg/ml</xsl:when>
      <xsl:when test="$m = 'buprenorphine-sublingual'">Buprenorphine sublingual tablets</xsl:when>
      <xsl:when test="$m = 'buprenorphine-naloxone-sublingual'">Buprenorphine/naloxone sublingual tablets</xsl:when>
      <xsl:when test="$m = 'buprenorphine-lai-weekly'">Buprenorphine prolonged-release injection (weekly)</xsl:when>
      <xsl:when test="$m = 'buprenorphine-lai-monthly'">Buprenorphine prolonged-release injection (monthly)</xsl:when>
      <xsl:otherwise><xsl:value-of select="$m"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A c:Dose as "60 mg" ("60 mg (60 ml)" for methadone 1 mg/ml is the
       caller's choice). -->
  <xsl:template name="dose">
    <xsl:param name="d" select="."/>
    <xsl:value-of select="concat($d/c:amount, ' ', $d/c:unit)"/>
  </xsl:template>

  <!-- monday -> Monday; a list of c:day as "Monday, Wednesday and Friday". -->
  <xsl:template name="weekday">
    <xsl:param name="d" select="."/>
    <xsl:value-of select="concat(translate(substring($d, 1, 1), 'mtwfs', 'MTWFS'), substring($d, 2))"/>
  </xsl:template>

  <xsl:template name="weekdays">
    <xsl:param name="days"/>
    <xsl:for-each select="$days">
      <xsl:call-template name="weekday"/>
      <xsl:choose>
        <xsl:when test="position() = last() - 1"> and </xsl:when>
        <xsl:when test="position() != last()">, </xsl:when>
      </xsl:choose>
    </xsl:for-each>
    <xsl:if test="not($days)">none</xsl:if>
  </xsl:template>

  <!-- c:Paragraphs as l:para elements. -->
  <xsl:template name="paras">
    <xsl:param name="ps"/>
    <xsl:param name="align" select="'left'"/>
    <xsl:for-each select="$ps/c:p">
      <l:para align="{$align}"><xsl:value-of select="."/></l:para>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
