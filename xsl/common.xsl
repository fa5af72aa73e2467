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

  <!-- The banner of an urgent document (c:header/c:priority), on every
       page above the content: "URGENT: why". Call right after running.
       Nothing for a routine one, nor for one superseded or cancelled,
       whose banner says not to act on it at all. why is the doctype's
       reason, in a few words; without it, "act on this document today". -->
  <xsl:template name="priority-banner">
    <xsl:param name="why" select="''"/>
    <xsl:if test="/*/c:header/c:priority = 'urgent' and $status = ''">
      <l:banner>
        <xsl:text>URGENT: </xsl:text>
        <xsl:choose>
          <xsl:when test="$why != ''"><xsl:value-of select="$why"/></xsl:when>
          <xsl:otherwise>act on this document today.</xsl:otherwise>
        </xsl:choose>
      </l:banner>
    </xsl:if>
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

  <!-- A c:Dose as every rendition states it: methadone oral solution
       1 mg/ml in mg with its volume, "60 mg (60 ml)", whichever unit the
       document used (1 ml is 1 mg); every other medicine in mg. med is the
       medicine, by default the one of the nearest enclosing element that
       names one. -->
  <xsl:template name="dose">
    <xsl:param name="d" select="."/>
    <xsl:param name="med" select="$d/ancestor::*[c:medication][1]/c:medication"/>
    <xsl:variable name="mg">
      <xsl:call-template name="dose-mg">
        <xsl:with-param name="d" select="$d"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$med = 'methadone-oral-solution-1mg-ml'">
        <xsl:value-of select="concat($mg, '&#160;mg (', $mg, '&#160;ml)')"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="concat($d/c:amount, '&#160;', $d/c:unit)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A dose's amount in mg, as written (no float noise): every MAT
       medicine carex knows is either in mg or methadone 1 mg/ml, where the
       number of ml is the number of mg. -->
  <xsl:template name="dose-mg">
    <xsl:param name="d" select="."/>
    <xsl:value-of select="$d/c:amount"/>
  </xsl:template>

  <!-- A treatment's dose with how often: "60 mg (60 ml) daily", "96 mg
       once a month". -->
  <xsl:template name="dose-phrase">
    <xsl:param name="t"/>
    <xsl:call-template name="dose">
      <xsl:with-param name="d" select="$t/c:dose"/>
      <xsl:with-param name="med" select="$t/c:medication"/>
    </xsl:call-template>
    <xsl:call-template name="dose-period">
      <xsl:with-param name="m" select="$t/c:medication"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="dose-period">
    <xsl:param name="m"/>
    <xsl:choose>
      <xsl:when test="$m = 'buprenorphine-lai-weekly'"> once a week</xsl:when>
      <xsl:when test="$m = 'buprenorphine-lai-monthly'"> once a month</xsl:when>
      <xsl:otherwise> daily</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- From treatment prev to treatment new of the same medicine, in words
       and in the one unit both are stated in: "an increase of 10 mg
       (10 ml)", "a reduction of 5 mg (5 ml)", "no change in the dose".
       Empty when the medicine changes (the doses are not comparable). -->
  <xsl:template name="dose-change">
    <xsl:param name="prev"/>
    <xsl:param name="new"/>
    <xsl:variable name="a" select="number($prev/c:dose/c:amount)"/>
    <xsl:variable name="b" select="number($new/c:dose/c:amount)"/>
    <xsl:if test="$prev/c:medication = $new/c:medication">
      <xsl:choose>
        <xsl:when test="$a = $b">no change in the dose</xsl:when>
        <xsl:otherwise>
          <xsl:choose>
            <xsl:when test="$b &gt; $a">an increase of </xsl:when>
            <xsl:otherwise>a reduction of </xsl:otherwise>
          </xsl:choose>
          <xsl:call-template name="dose-difference">
            <xsl:with-param name="prev" select="$prev"/>
            <xsl:with-param name="new" select="$new"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <!-- The week, Monday first, nine characters a day. -->
  <xsl:variable name="week-days" select="'monday   tuesday  wednesdaythursday friday   saturday sunday   '"/>

  <!-- The days after day i (1 = Monday) that are not pick-up days, up to
       the next pick-up day, wrapping round the week: "saturday sunday ". -->
  <xsl:template name="run-after">
    <xsl:param name="arr"/>
    <xsl:param name="i"/>
    <xsl:param name="k" select="1"/>
    <xsl:if test="$k &lt; 7">
      <xsl:variable name="day" select="normalize-space(substring($week-days, (($i + $k - 1) mod 7) * 9 + 1, 9))"/>
      <xsl:if test="not($arr/c:pick-up-days/c:day = $day)">
        <xsl:value-of select="concat($day, ' ')"/>
        <xsl:call-template name="run-after">
          <xsl:with-param name="arr" select="$arr"/>
          <xsl:with-param name="i" select="$i"/>
          <xsl:with-param name="k" select="$k + 1"/>
        </xsl:call-template>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- The last pick-up day before day i, wrapping round the week. -->
  <xsl:template name="pick-up-before">
    <xsl:param name="arr"/>
    <xsl:param name="i"/>
    <xsl:param name="k" select="1"/>
    <xsl:if test="$k &lt; 7">
      <xsl:variable name="day" select="normalize-space(substring($week-days, (($i - $k + 13) mod 7) * 9 + 1, 9))"/>
      <xsl:choose>
        <xsl:when test="$arr/c:pick-up-days/c:day = $day"><xsl:value-of select="$day"/></xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="pick-up-before">
            <xsl:with-param name="arr" select="$arr"/>
            <xsl:with-param name="i" select="$i"/>
            <xsl:with-param name="k" select="$k + 1"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <!-- "saturday sunday" as "Saturday and Sunday". -->
  <xsl:template name="word-list">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="contains($s, ' ')">
        <xsl:variable name="rest" select="substring-after($s, ' ')"/>
        <xsl:call-template name="weekday">
          <xsl:with-param name="d" select="substring-before($s, ' ')"/>
        </xsl:call-template>
        <xsl:choose>
          <xsl:when test="contains($rest, ' ')">, </xsl:when>
          <xsl:otherwise> and </xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="word-list">
          <xsl:with-param name="s" select="$rest"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="weekday">
          <xsl:with-param name="d" select="$s"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- What leaves the pharmacy unsupervised on each pick-up day of the
       arrangements arr, the way the pharmacy's week table counts it (the
       day's own dose when not supervised, and every day up to the next
       pick-up): "Saturday 2 (Saturday and Sunday)", days joined by "; ",
       or "None: every dose is taken at the pharmacy". -->
  <xsl:template name="handover">
    <xsl:param name="arr"/>
    <xsl:variable name="list">
      <xsl:call-template name="handover-day">
        <xsl:with-param name="arr" select="$arr"/>
        <xsl:with-param name="i" select="1"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="normalize-space($list) = ''">None: every dose is taken at the pharmacy</xsl:when>
      <xsl:otherwise><xsl:value-of select="substring($list, 3)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="handover-day">
    <xsl:param name="arr"/>
    <xsl:param name="i"/>
    <xsl:variable name="day" select="normalize-space(substring($week-days, ($i - 1) * 9 + 1, 9))"/>
    <xsl:if test="$arr/c:pick-up-days/c:day = $day">
      <xsl:variable name="after">
        <xsl:call-template name="run-after">
          <xsl:with-param name="arr" select="$arr"/>
          <xsl:with-param name="i" select="$i"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:variable name="away" select="normalize-space(concat(substring($day, 1, number(not($arr/c:supervised-days/c:day = $day)) * 9), ' ', $after))"/>
      <xsl:if test="$away != ''">
        <xsl:text>; </xsl:text>
        <xsl:call-template name="weekday">
          <xsl:with-param name="d" select="$day"/>
        </xsl:call-template>
        <xsl:value-of select="concat(' ', string-length($away) - string-length(translate($away, ' ', '')) + 1, ' (')"/>
        <xsl:call-template name="word-list">
          <xsl:with-param name="s" select="$away"/>
        </xsl:call-template>
        <xsl:text>)</xsl:text>
      </xsl:if>
    </xsl:if>
    <xsl:if test="$i &lt; 7">
      <xsl:call-template name="handover-day">
        <xsl:with-param name="arr" select="$arr"/>
        <xsl:with-param name="i" select="$i + 1"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- The warning a dose past the soft clinical limits carries: the
       prescriber's clinical reason (c:above-usual-limits), which the rules
       require there. Nothing when it is absent. -->
  <xsl:template name="above-limits">
    <xsl:param name="reason"/>
    <xsl:if test="$reason">
      <l:para><l:b>Above the usual limits for this medicine. </l:b><xsl:value-of select="concat('The prescriber’s reason: ', $reason)"/></l:para>
    </xsl:if>
  </xsl:template>

  <!-- How far apart two doses of one medicine are: "10 mg (10 ml)". -->
  <xsl:template name="dose-difference">
    <xsl:param name="prev"/>
    <xsl:param name="new"/>
    <xsl:variable name="d" select="number($new/c:dose/c:amount) - number($prev/c:dose/c:amount)"/>
    <xsl:variable name="by" select="format-number($d * (1 - 2 * ($d &lt; 0)), '0.##')"/>
    <xsl:choose>
      <xsl:when test="$new/c:medication = 'methadone-oral-solution-1mg-ml'">
        <xsl:value-of select="concat($by, '&#160;mg (', $by, '&#160;ml)')"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="concat($by, '&#160;mg')"/></xsl:otherwise>
    </xsl:choose>
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
