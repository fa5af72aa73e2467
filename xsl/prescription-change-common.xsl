<?xml version="1.0" encoding="UTF-8"?>
<!--
  SPDX-License-Identifier: MIT
  What the two renditions of a prescription-change (the GP letter and
  the pharmacy's dispensing update) state alike: the step in the course
  of treatment, the dated dose schedule, the injection plan, the move
  into or out of a hospital or prison, and the missed-dose threshold.
  Each fact is worded here once, so the GP and the pharmacist read the
  same dates and doses. Imports common.xsl; imported by both.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:c="urn:carex:doc:1"
                xmlns:l="urn:carex:layout:1"
                xmlns:date="http://exslt.org/dates-and-times"
                exclude-result-prefixes="c date">

  <xsl:import href="common.xsl"/>

  <xsl:variable name="doc" select="/c:prescription-change"/>
  <xsl:variable name="pt" select="$doc/c:patient"/>
  <xsl:variable name="given" select="$pt/c:name/c:given"/>
  <xsl:variable name="arr" select="$doc/c:arrangements"/>
  <xsl:variable name="injection" select="$arr/c:instalment-pattern = 'injection'"/>
  <!-- The step in the course of treatment; documents before c:course
       are changes. -->
  <xsl:variable name="course">
    <xsl:choose>
      <xsl:when test="$doc/c:course"><xsl:value-of select="$doc/c:course"/></xsl:when>
      <xsl:otherwise>change</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <!-- Nothing is dispensed from the effective date. -->
  <xsl:variable name="stops" select="$course = 'hold' or $course = 'stop' or $course = 'admission'"/>
  <!-- The reader is the pharmacy that dispensed until now and hands the
       patient over to another. -->
  <xsl:variable name="leaving-pharmacy" select="$recipient != '' and $doc/c:previous/c:pharmacy = $recipient and $doc/c:nominated-pharmacy != $recipient"/>

  <xsl:variable name="patient-name">
    <xsl:call-template name="person-name">
      <xsl:with-param name="n" select="$pt/c:name"/>
    </xsl:call-template>
  </xsl:variable>
  <xsl:variable name="effective">
    <xsl:call-template name="day-and-date">
      <xsl:with-param name="d" select="$doc/c:effective-date"/>
    </xsl:call-template>
  </xsl:variable>
  <xsl:variable name="new-med-lc">
    <xsl:call-template name="medication-lc">
      <xsl:with-param name="m" select="$doc/c:new/c:medication"/>
    </xsl:call-template>
  </xsl:variable>
  <xsl:variable name="prev-med-lc">
    <xsl:call-template name="medication-lc">
      <xsl:with-param name="m" select="$doc/c:previous/c:medication"/>
    </xsl:call-template>
  </xsl:variable>
  <xsl:variable name="pharmacy">
    <xsl:call-template name="participant">
      <xsl:with-param name="p" select="$doc/c:nominated-pharmacy"/>
    </xsl:call-template>
  </xsl:variable>

  <!-- The phase of treatment from the effective date: as stated, else
       titration for a start or a dose schedule (as the rules read it). -->
  <xsl:variable name="phase">
    <xsl:choose>
      <xsl:when test="$doc/c:phase"><xsl:value-of select="$doc/c:phase"/></xsl:when>
      <xsl:when test="$course = 'start' or $doc/c:titration">titration</xsl:when>
      <xsl:otherwise>stable</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="phase-words">
    <xsl:call-template name="phase-words">
      <xsl:with-param name="phase" select="$phase"/>
    </xsl:call-template>
  </xsl:variable>

  <!-- The missed doses in a row after which the pharmacist gives no more
       before the prescriber reviews: the document's, else three (the
       rules require the document's wherever the deployment's limit for
       the phase is not three). -->
  <xsl:variable name="missed-threshold">
    <xsl:choose>
      <xsl:when test="$doc/c:missed-doses-before-review">
        <xsl:value-of select="number($doc/c:missed-doses-before-review)"/>
      </xsl:when>
      <xsl:otherwise>3</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="missed-words">
    <xsl:choose>
      <xsl:when test="$missed-threshold = 1">misses a dose</xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat('misses ', normalize-space(substring('two  threefour five six  seven', ($missed-threshold - 2) * 5 + 1, 5)), ' consecutive doses')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <!-- The step of the course as a heading. -->
  <xsl:template name="course-title">
    <xsl:choose>
      <xsl:when test="$leaving-pharmacy">stop dispensing: patient moves to another pharmacy</xsl:when>
      <xsl:when test="$course = 'start'">start of MAT</xsl:when>
      <xsl:when test="$course = 'arrangements'">change to dispensing arrangements, same dose</xsl:when>
      <xsl:when test="$course = 'hold'">dispensing held until review</xsl:when>
      <xsl:when test="$course = 'resume'">dispensing resumes after a hold</xsl:when>
      <xsl:when test="$course = 'stop'">treatment stops</xsl:when>
      <xsl:when test="$course = 'admission' and $doc/c:transition/c:setting = 'prison'">patient in prison, community dispensing stops</xsl:when>
      <xsl:when test="$course = 'admission'">patient in hospital, community dispensing stops</xsl:when>
      <xsl:when test="$course = 'discharge' and $doc/c:transition/c:setting = 'prison'">patient liberated from prison, community dispensing restarts</xsl:when>
      <xsl:when test="$course = 'discharge'">patient discharged from hospital, community dispensing restarts</xsl:when>
      <xsl:otherwise>change to MAT prescription</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The dated doses of a titration schedule: the effective date's, then
       each step, with what each step changes. -->
  <xsl:template name="dose-schedule">
    <xsl:variable name="med" select="$doc/c:new/c:medication"/>
    <l:table widths="3.2 2.6 3.2" header-rows="1">
      <l:row>
        <l:cell>From</l:cell>
        <l:cell>Daily dose</l:cell>
        <l:cell>Change</l:cell>
      </l:row>
      <l:row>
        <l:cell shade="true"><xsl:value-of select="$effective"/></l:cell>
        <l:cell><l:b>
          <xsl:call-template name="dose">
            <xsl:with-param name="d" select="$doc/c:new/c:dose"/>
            <xsl:with-param name="med" select="$med"/>
          </xsl:call-template>
        </l:b></l:cell>
        <l:cell>
          <xsl:choose>
            <xsl:when test="$doc/c:previous/c:medication = $med">
              <xsl:call-template name="dose-change">
                <xsl:with-param name="prev" select="$doc/c:previous"/>
                <xsl:with-param name="new" select="$doc/c:new"/>
              </xsl:call-template>
            </xsl:when>
            <xsl:when test="not($doc/c:previous)">first dose</xsl:when>
            <xsl:otherwise>new medicine</xsl:otherwise>
          </xsl:choose>
        </l:cell>
      </l:row>
      <xsl:for-each select="$doc/c:titration/c:step">
        <xsl:variable name="before" select="(preceding-sibling::c:step[1] | $doc/c:new)[last()]"/>
        <l:row>
          <l:cell shade="true">
            <xsl:call-template name="day-and-date">
              <xsl:with-param name="d" select="c:from"/>
            </xsl:call-template>
          </l:cell>
          <l:cell><l:b>
            <xsl:call-template name="dose">
              <xsl:with-param name="d" select="c:dose"/>
              <xsl:with-param name="med" select="$med"/>
            </xsl:call-template>
          </l:b></l:cell>
          <l:cell>
            <xsl:call-template name="dose-change">
              <xsl:with-param name="prev" select="$before"/>
              <xsl:with-param name="new" select="."/>
              <xsl:with-param name="med" select="$med"/>
            </xsl:call-template>
          </l:cell>
        </l:row>
      </xsl:for-each>
    </l:table>
  </xsl:template>

  <!-- The injection plan as form fields: last oral dose, first
       injection, next due with its window, who gives it and on what
       authority. Nothing for a document written before c:injection. -->
  <xsl:template name="injection-fields">
    <xsl:variable name="i" select="$doc/c:injection"/>
    <xsl:if test="$i">
      <xsl:if test="$i/c:last-oral-dose">
        <l:field label="Last oral dose">
          <xsl:value-of select="concat($prev-med-lc, ' ')"/>
          <xsl:call-template name="dose-phrase">
            <xsl:with-param name="t" select="$doc/c:previous"/>
          </xsl:call-template>
          <xsl:text>: the last dose is on </xsl:text>
          <l:b>
            <xsl:call-template name="day-and-date">
              <xsl:with-param name="d" select="$i/c:last-oral-dose"/>
            </xsl:call-template>
          </l:b>
        </l:field>
      </xsl:if>
      <l:field label="First injection">
        <l:b>
          <xsl:call-template name="day-and-date">
            <xsl:with-param name="d" select="$i/c:first-injection"/>
          </xsl:call-template>
        </l:b>
        <xsl:value-of select="concat(', ', $new-med-lc, ' ')"/>
        <xsl:call-template name="dose">
          <xsl:with-param name="d" select="$doc/c:new/c:dose"/>
          <xsl:with-param name="med" select="$doc/c:new/c:medication"/>
        </xsl:call-template>
      </l:field>
      <l:field label="Next injection due">
        <l:b>
          <xsl:call-template name="day-and-date">
            <xsl:with-param name="d" select="$i/c:next-due"/>
          </xsl:call-template>
        </l:b>
        <xsl:if test="number($i/c:window-days) &gt; 0">
          <xsl:text>; it may be given from </xsl:text>
          <xsl:call-template name="day-and-date">
            <xsl:with-param name="d" select="date:add($i/c:next-due, concat('-P', number($i/c:window-days), 'D'))"/>
          </xsl:call-template>
          <xsl:text> to </xsl:text>
          <xsl:call-template name="day-and-date">
            <xsl:with-param name="d" select="date:add($i/c:next-due, concat('P', number($i/c:window-days), 'D'))"/>
          </xsl:call-template>
        </xsl:if>
      </l:field>
      <l:field label="Given by">
        <xsl:call-template name="administrator">
          <xsl:with-param name="a" select="$arr/c:administered-by"/>
        </xsl:call-template>
        <xsl:if test="$arr/c:administered-by = 'community-pharmacy' and $doc/c:nominated-pharmacy">
          <xsl:value-of select="concat(' (', $pharmacy, ')')"/>
        </xsl:if>
        <xsl:choose>
          <xsl:when test="$i/c:authority = 'psd'">, under a Patient Specific Direction signed by the prescriber</xsl:when>
          <xsl:when test="$i/c:authority = 'prescription'">, against a prescription for this patient</xsl:when>
        </xsl:choose>
      </l:field>
    </xsl:if>
  </xsl:template>

  <!-- The move into or out of a hospital or prison, as form fields. -->
  <xsl:template name="transition-fields">
    <xsl:variable name="t" select="$doc/c:transition"/>
    <xsl:if test="$t">
      <l:field>
        <xsl:attribute name="label">
          <xsl:choose>
            <xsl:when test="$course = 'admission' and $t/c:setting = 'prison'">Taken into prison</xsl:when>
            <xsl:when test="$course = 'admission'">Admitted to hospital</xsl:when>
            <xsl:when test="$t/c:setting = 'prison'">Liberated from prison</xsl:when>
            <xsl:otherwise>Discharged from hospital</xsl:otherwise>
          </xsl:choose>
        </xsl:attribute>
        <xsl:value-of select="concat($t/c:place, ', ')"/>
        <xsl:call-template name="day-and-date">
          <xsl:with-param name="d" select="$t/c:date"/>
        </xsl:call-template>
      </l:field>
      <l:field>
        <xsl:attribute name="label">
          <xsl:choose>
            <xsl:when test="$course = 'admission'">Last dose from the pharmacy</xsl:when>
            <xsl:otherwise><xsl:value-of select="concat('Last dose given in ', $t/c:setting)"/></xsl:otherwise>
          </xsl:choose>
        </xsl:attribute>
        <l:b>
          <xsl:call-template name="dose">
            <xsl:with-param name="d" select="$t/c:last-dose-given/c:dose"/>
            <xsl:with-param name="med" select="$doc/c:previous/c:medication"/>
          </xsl:call-template>
          <xsl:text> on </xsl:text>
          <xsl:call-template name="day-and-date">
            <xsl:with-param name="d" select="$t/c:last-dose-given/c:date"/>
          </xsl:call-template>
        </l:b>
      </l:field>
    </xsl:if>
  </xsl:template>

  <xsl:template name="administrator">
    <xsl:param name="a"/>
    <xsl:choose>
      <xsl:when test="$a = 'adrs-clinic'">the ADRS clinic</xsl:when>
      <xsl:when test="$a = 'gp-practice'">the GP practice</xsl:when>
      <xsl:when test="$a = 'community-pharmacy'">the community pharmacy</xsl:when>
      <xsl:otherwise><xsl:value-of select="$a"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
