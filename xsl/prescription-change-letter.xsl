<?xml version="1.0" encoding="UTF-8"?>
<!--
  SPDX-License-Identifier: MIT
  prescription-change as the letter a GP practice files (role gp): the
  ADRS prescriber tells the practice what changed and from when, why, how
  the medicine is now dispensed, and what the practice is asked to do
  (issue the new instalment prescription under shared care, or record a
  specialist-issued medicine). Read by GPs and practice staff, filed in
  the patient's record.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:c="urn:carex:doc:1"
                xmlns:l="urn:carex:layout:1"
                exclude-result-prefixes="c">

  <xsl:import href="prescription-change-common.xsl"/>

  <xsl:variable name="effective-short">
    <xsl:call-template name="date">
      <xsl:with-param name="d" select="$doc/c:effective-date"/>
    </xsl:call-template>
  </xsl:variable>
  <xsl:variable name="new-med">
    <xsl:call-template name="medication">
      <xsl:with-param name="m" select="$doc/c:new/c:medication"/>
    </xsl:call-template>
  </xsl:variable>

  <xsl:template name="document">
    <l:document>
      <xsl:call-template name="document-attributes">
        <xsl:with-param name="title" select="concat('Prescription change: ', $patient-name)"/>
        <xsl:with-param name="subject">
          <xsl:choose>
            <xsl:when test="$doc/c:new">
              <xsl:value-of select="$new-med"/>
              <xsl:text> </xsl:text>
              <xsl:call-template name="dose-phrase">
                <xsl:with-param name="t" select="$doc/c:new"/>
              </xsl:call-template>
            </xsl:when>
            <xsl:otherwise><xsl:call-template name="course-title"/></xsl:otherwise>
          </xsl:choose>
          <xsl:value-of select="concat(' from ', $effective-short)"/>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:call-template name="running">
        <xsl:with-param name="header-right">
          <xsl:value-of select="$patient-name"/>
          <xsl:text>, CHI </xsl:text>
          <xsl:call-template name="chi">
            <xsl:with-param name="chi" select="$pt/c:chi"/>
          </xsl:call-template>
        </xsl:with-param>
        <xsl:with-param name="footer" select="concat('Prescription change, our ref ', $doc/c:header/c:message-id)"/>
      </xsl:call-template>
      <l:body>
        <xsl:call-template name="replaces-notice"/>
        <xsl:call-template name="letterhead"/>
        <l:spacer height="18"/>
        <xsl:call-template name="recipient-address"/>
        <l:spacer height="18"/>
        <l:para>
          <xsl:text>Date: </xsl:text>
          <xsl:call-template name="date">
            <xsl:with-param name="d" select="$doc/c:header/c:issued"/>
          </xsl:call-template>
          <l:br/>
          <xsl:value-of select="concat('Our ref: ', $doc/c:header/c:message-id)"/>
        </l:para>
        <l:spacer height="6"/>
        <l:para keep-with-next="true">
          <l:b>
            <xsl:value-of select="concat('Re: ', $patient-name, ', date of birth ')"/>
            <xsl:call-template name="date">
              <xsl:with-param name="d" select="$pt/c:date-of-birth"/>
            </xsl:call-template>
            <xsl:text>, CHI </xsl:text>
            <xsl:call-template name="chi">
              <xsl:with-param name="chi" select="$pt/c:chi"/>
            </xsl:call-template>
          </l:b>
          <l:br/>
          <xsl:call-template name="address-inline">
            <xsl:with-param name="a" select="$pt/c:address"/>
          </xsl:call-template>
        </l:para>
        <l:para>Dear Colleague,</l:para>
        <l:para align="justify">
          <xsl:call-template name="opening"/>
        </l:para>
        <xsl:if test="$doc/c:above-usual-limits">
          <l:box tone="alert">
            <xsl:call-template name="above-limits">
              <xsl:with-param name="reason" select="$doc/c:above-usual-limits"/>
            </xsl:call-template>
          </l:box>
        </xsl:if>

        <xsl:choose>
          <xsl:when test="$stops">
            <l:heading>What happens</l:heading>
            <xsl:call-template name="stop-facts"/>
          </xsl:when>
          <xsl:otherwise>
            <l:heading>
              <xsl:choose>
                <xsl:when test="$course = 'start'">Treatment</xsl:when>
                <xsl:otherwise>What has changed</xsl:otherwise>
              </xsl:choose>
            </l:heading>
            <xsl:call-template name="comparison"/>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$doc/c:titration">
          <l:heading>Dose schedule</l:heading>
          <xsl:call-template name="dose-schedule"/>
        </xsl:if>
        <xsl:if test="$course = 'discharge'">
          <l:form label-width="30">
            <xsl:call-template name="transition-fields"/>
          </l:form>
        </xsl:if>

        <xsl:if test="$arr">
          <xsl:call-template name="arrangements"/>
        </xsl:if>

        <l:heading>
          <xsl:choose>
            <xsl:when test="$course = 'change'">Reason for the change</xsl:when>
            <xsl:otherwise>Reason</xsl:otherwise>
          </xsl:choose>
        </l:heading>
        <xsl:call-template name="paras">
          <xsl:with-param name="ps" select="$doc/c:reason"/>
          <xsl:with-param name="align" select="'justify'"/>
        </xsl:call-template>

        <l:heading>What we ask of the practice</l:heading>
        <xsl:call-template name="requests"/>

        <l:para align="justify">
          <xsl:text>If you have any questions about this change, please contact me</xsl:text>
          <xsl:choose>
            <xsl:when test="$doc/c:prescriber/c:phone">
              <xsl:value-of select="concat(' on ', $doc/c:prescriber/c:phone)"/>
            </xsl:when>
            <xsl:when test="$sender-name != ''">
              <xsl:value-of select="concat(' through ', $sender-name)"/>
            </xsl:when>
          </xsl:choose>
          <xsl:text>.</xsl:text>
        </l:para>
        <xsl:call-template name="out-of-hours"/>
        <l:para keep-with-next="true">Yours sincerely,</l:para>
        <xsl:call-template name="signature"/>
        <xsl:call-template name="copies"/>
      </l:body>
    </l:document>
  </xsl:template>

  <!-- First paragraph: the change in one sentence. -->
  <xsl:template name="opening">
    <xsl:variable name="prev" select="$doc/c:previous"/>
    <xsl:variable name="new" select="$doc/c:new"/>
    <xsl:variable name="same-med" select="$prev/c:medication = $new/c:medication"/>
    <xsl:variable name="prev-dose">
      <xsl:call-template name="dose-phrase">
        <xsl:with-param name="t" select="$prev"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="new-dose">
      <xsl:call-template name="dose-phrase">
        <xsl:with-param name="t" select="$new"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$course = 'start'">
        <xsl:value-of select="concat('Following assessment, ', $given, ' starts Medication Assisted Treatment with ', $new-med-lc, ' ', $new-dose)"/>
        <xsl:if test="$doc/c:titration">, rising as the dose schedule below</xsl:if>
      </xsl:when>
      <xsl:when test="$course = 'arrangements'">
        <xsl:value-of select="concat('Following review, ', $given, '’s dose is unchanged (', $new-med-lc, ' ', $new-dose, ') and the dispensing arrangements change')"/>
      </xsl:when>
      <xsl:when test="$course = 'hold'">
        <xsl:value-of select="concat('Dispensing of ', $given, '’s ', $prev-med-lc, ' ', $prev-dose, ' is held pending review')"/>
      </xsl:when>
      <xsl:when test="$course = 'stop'">
        <xsl:value-of select="concat($given, '’s treatment with ', $prev-med-lc, ' ', $prev-dose, ' stops')"/>
        <xsl:if test="$doc/c:stop/c:kind = 'unplanned'"> (not as planned)</xsl:if>
        <xsl:text>: the last dose is on </xsl:text>
        <xsl:call-template name="day-and-date">
          <xsl:with-param name="d" select="$doc/c:stop/c:last-dose"/>
        </xsl:call-template>
        <xsl:text>, and nothing is dispensed</xsl:text>
      </xsl:when>
      <xsl:when test="$course = 'admission'">
        <xsl:value-of select="concat($given, ' is in ', $doc/c:transition/c:place, ', from ')"/>
        <xsl:call-template name="day-and-date">
          <xsl:with-param name="d" select="$doc/c:transition/c:date"/>
        </xsl:call-template>
        <xsl:value-of select="concat('; the ', $doc/c:transition/c:setting, ' gives every dose while ', $given, ' is there. Community dispensing of ', $prev-med-lc, ' ', $prev-dose, ' stops')"/>
      </xsl:when>
      <xsl:when test="$course = 'discharge' or $course = 'resume'">
        <xsl:choose>
          <xsl:when test="$course = 'resume'">
            <xsl:value-of select="concat('Following review, ', $given, '’s ', $new-med-lc, ' resumes after the hold (ref ', $doc/c:resumes, ') at ', $new-dose)"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:value-of select="concat($given, ' left ', $doc/c:transition/c:place, ' on ')"/>
            <xsl:call-template name="day-and-date">
              <xsl:with-param name="d" select="$doc/c:transition/c:date"/>
            </xsl:call-template>
            <xsl:value-of select="concat('. Community dispensing of ', $new-med-lc, ' resumes at ', $new-dose)"/>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$same-med and number($new/c:dose/c:amount) != number($prev/c:dose/c:amount)">
          <xsl:value-of select="concat(' (', $prev-dose, ' before the ', substring('hold', 1, 4 * ($course = 'resume')), substring($doc/c:transition/c:setting, 1, 20 * ($course = 'discharge')), ')')"/>
        </xsl:if>
      </xsl:when>
      <xsl:when test="$same-med">
        <xsl:text>Following review, I have </xsl:text>
        <xsl:choose>
          <xsl:when test="number($new/c:dose/c:amount) &gt; number($prev/c:dose/c:amount)">increased</xsl:when>
          <xsl:otherwise>reduced</xsl:otherwise>
        </xsl:choose>
        <xsl:value-of select="concat(' the dose of ', $given, '’s ', $new-med-lc, ' by ')"/>
        <xsl:call-template name="dose-difference">
          <xsl:with-param name="prev" select="$prev"/>
          <xsl:with-param name="new" select="$new"/>
        </xsl:call-template>
        <xsl:value-of select="concat(', from ', $prev-dose, ' to ', $new-dose)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat('Following review, ', $given, ' is changing from ')"/>
        <xsl:call-template name="medication-lc">
          <xsl:with-param name="m" select="$prev/c:medication"/>
        </xsl:call-template>
        <xsl:value-of select="concat(' ', $prev-dose, ' to ', $new-med-lc, ' ', $new-dose)"/>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:value-of select="concat(', with effect from ', $effective, '.')"/>
    <xsl:if test="$doc/c:review-date">
      <xsl:choose>
        <xsl:when test="$course = 'change'"> We will review the change on </xsl:when>
        <xsl:otherwise><xsl:value-of select="concat(' We will review ', $given, ' on ')"/></xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="date">
        <xsl:with-param name="d" select="$doc/c:review-date"/>
      </xsl:call-template>
      <xsl:text>.</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- Previous and new side by side. -->
  <xsl:template name="comparison">
    <xsl:variable name="prev" select="$doc/c:previous"/>
    <xsl:variable name="new" select="$doc/c:new"/>
    <l:table widths="2 3 3" header-rows="1">
      <l:row>
        <l:cell/>
        <l:cell>Previous</l:cell>
        <l:cell><xsl:value-of select="concat('From ', $effective-short)"/></l:cell>
      </l:row>
      <l:row>
        <l:cell shade="true">Medicine</l:cell>
        <l:cell>
          <xsl:call-template name="medication">
            <xsl:with-param name="m" select="$prev/c:medication"/>
          </xsl:call-template>
          <xsl:if test="not($prev)">None: starting MAT</xsl:if>
        </l:cell>
        <l:cell><l:b><xsl:value-of select="$new-med"/></l:b></l:cell>
      </l:row>
      <l:row>
        <l:cell shade="true">Dose</l:cell>
        <l:cell>
          <xsl:if test="$prev">
            <xsl:call-template name="dose-phrase">
              <xsl:with-param name="t" select="$prev"/>
            </xsl:call-template>
          </xsl:if>
        </l:cell>
        <l:cell>
          <l:b>
            <xsl:call-template name="dose-phrase">
              <xsl:with-param name="t" select="$new"/>
            </xsl:call-template>
          </l:b>
        </l:cell>
      </l:row>
      <xsl:if test="$prev/c:pick-up-days">
        <l:row>
          <l:cell shade="true">Collection days</l:cell>
          <l:cell>
            <xsl:call-template name="weekdays">
              <xsl:with-param name="days" select="$prev/c:pick-up-days/c:day"/>
            </xsl:call-template>
          </l:cell>
          <l:cell><l:b>
            <xsl:call-template name="weekdays">
              <xsl:with-param name="days" select="$arr/c:pick-up-days/c:day"/>
            </xsl:call-template>
          </l:b></l:cell>
        </l:row>
      </xsl:if>
      <xsl:if test="$prev/c:supervised-days">
        <l:row>
          <l:cell shade="true">Supervised</l:cell>
          <l:cell>
            <xsl:call-template name="weekdays">
              <xsl:with-param name="days" select="$prev/c:supervised-days/c:day"/>
            </xsl:call-template>
          </l:cell>
          <l:cell><l:b>
            <xsl:call-template name="weekdays">
              <xsl:with-param name="days" select="$arr/c:supervised-days/c:day"/>
            </xsl:call-template>
          </l:b></l:cell>
        </l:row>
      </xsl:if>
      <xsl:if test="$prev/c:pharmacy and $prev/c:pharmacy != $doc/c:nominated-pharmacy">
        <l:row>
          <l:cell shade="true">Pharmacy</l:cell>
          <l:cell>
            <xsl:call-template name="participant">
              <xsl:with-param name="p" select="$prev/c:pharmacy"/>
            </xsl:call-template>
          </l:cell>
          <l:cell><l:b><xsl:value-of select="$pharmacy"/></l:b></l:cell>
        </l:row>
      </xsl:if>
      <xsl:if test="$prev/c:medication = $new/c:medication">
        <xsl:variable name="change">
          <xsl:call-template name="dose-change">
            <xsl:with-param name="prev" select="$prev"/>
            <xsl:with-param name="new" select="$new"/>
          </xsl:call-template>
        </xsl:variable>
        <l:row>
          <l:cell shade="true">Change</l:cell>
          <l:cell/>
          <l:cell><l:b><xsl:value-of select="concat(translate(substring($change, 1, 1), 'anr', 'ANR'), substring($change, 2))"/></l:b></l:cell>
        </l:row>
      </xsl:if>
      <l:row>
        <l:cell shade="true">Instalments</l:cell>
        <l:cell>
          <xsl:choose>
            <xsl:when test="$prev/c:instalment-pattern">
              <xsl:call-template name="pattern">
                <xsl:with-param name="p" select="$prev/c:instalment-pattern"/>
              </xsl:call-template>
            </xsl:when>
            <xsl:when test="not($prev)"/>
            <xsl:otherwise>Not stated</xsl:otherwise>
          </xsl:choose>
        </l:cell>
        <l:cell>
          <xsl:call-template name="pattern">
            <xsl:with-param name="p" select="$arr/c:instalment-pattern"/>
          </xsl:call-template>
        </l:cell>
      </l:row>
    </l:table>
  </xsl:template>

  <!-- What stops, from when, and why (hold, stop, admission). -->
  <xsl:template name="stop-facts">
    <l:form label-width="30">
      <l:field label="Medicine">
        <xsl:call-template name="medication">
          <xsl:with-param name="m" select="$doc/c:previous/c:medication"/>
        </xsl:call-template>
        <xsl:text> </xsl:text>
        <xsl:call-template name="dose-phrase">
          <xsl:with-param name="t" select="$doc/c:previous"/>
        </xsl:call-template>
      </l:field>
      <l:field label="Nothing dispensed from"><l:b><xsl:value-of select="$effective"/></l:b></l:field>
      <xsl:if test="$doc/c:stop">
        <l:field label="Last dose">
          <xsl:call-template name="day-and-date">
            <xsl:with-param name="d" select="$doc/c:stop/c:last-dose"/>
          </xsl:call-template>
        </l:field>
        <l:field label="Ending">
          <xsl:choose>
            <xsl:when test="$doc/c:stop/c:kind = 'planned'">Planned</xsl:when>
            <xsl:otherwise>Not planned</xsl:otherwise>
          </xsl:choose>
        </l:field>
      </xsl:if>
      <xsl:if test="$course = 'hold' and $doc/c:review-date">
        <l:field label="Held until the review on">
          <xsl:call-template name="day-and-date">
            <xsl:with-param name="d" select="$doc/c:review-date"/>
          </xsl:call-template>
        </l:field>
      </xsl:if>
      <xsl:call-template name="transition-fields"/>
    </l:form>
  </xsl:template>

  <!-- How the medicine reaches the patient from the effective date. -->
  <xsl:template name="arrangements">
    <xsl:choose>
      <xsl:when test="$injection">
        <l:heading>Administration</l:heading>
        <l:para align="justify">
          <xsl:value-of select="concat('From ', $effective-short, ' the injection is given by ')"/>
          <xsl:call-template name="administrator">
            <xsl:with-param name="a" select="$arr/c:administered-by"/>
          </xsl:call-template>
          <xsl:choose>
            <xsl:when test="$arr/c:administered-by = 'community-pharmacy'">
              <xsl:value-of select="concat(' (', $pharmacy, '), which has been sent the injection plan below')"/>
            </xsl:when>
            <xsl:otherwise>. Nothing is dispensed by a community pharmacy</xsl:otherwise>
          </xsl:choose>
          <xsl:if test="$doc/c:nominated-pharmacy and $doc/c:previous and not(starts-with($doc/c:previous/c:medication, 'buprenorphine-lai'))">
            <xsl:value-of select="concat('; ', $pharmacy, ' has been told to stop dispensing ')"/>
            <xsl:call-template name="medication-lc">
              <xsl:with-param name="m" select="$doc/c:previous/c:medication"/>
            </xsl:call-template>
            <xsl:text> from that date</xsl:text>
          </xsl:if>
          <xsl:text>.</xsl:text>
        </l:para>
        <xsl:if test="$doc/c:injection">
          <l:form label-width="30">
            <xsl:call-template name="injection-fields"/>
          </l:form>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <l:heading>Dispensing arrangements</l:heading>
        <l:form label-width="30">
          <l:field label="Pharmacy"><xsl:value-of select="$pharmacy"/></l:field>
          <l:field label="Instalments">
            <xsl:call-template name="pattern">
              <xsl:with-param name="p" select="$arr/c:instalment-pattern"/>
            </xsl:call-template>
          </l:field>
          <l:field label="Collection days">
            <xsl:call-template name="weekdays">
              <xsl:with-param name="days" select="$arr/c:pick-up-days/c:day"/>
            </xsl:call-template>
          </l:field>
          <l:field label="Supervised consumption">
            <xsl:call-template name="weekdays">
              <xsl:with-param name="days" select="$arr/c:supervised-days/c:day"/>
            </xsl:call-template>
          </l:field>
          <l:field label="Doses taken away">
            <xsl:call-template name="handover">
              <xsl:with-param name="arr" select="$arr"/>
            </xsl:call-template>
          </l:field>
          <l:field label="Phase"><xsl:value-of select="$phase-words"/></l:field>
        </l:form>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- What the practice is asked to do: depends on who prescribes. -->
  <xsl:template name="requests">
    <l:list style="bullet">
      <xsl:choose>
        <xsl:when test="$stops and $doc/c:prescription-issued-by = 'gp-practice'">
          <l:item>
            <xsl:value-of select="concat('Please issue no instalment prescription for ', $prev-med-lc, ' for any day from ', $effective)"/>
            <xsl:choose>
              <xsl:when test="$course = 'hold'"> until we write again after the review</xsl:when>
              <xsl:when test="$course = 'admission'"><xsl:value-of select="concat(' while ', $given, ' is in ', $doc/c:transition/c:place, '; we will write with the dose and the date to restart')"/></xsl:when>
            </xsl:choose>
            <xsl:text>. The pharmacy has been told to dispense nothing from that date.</xsl:text>
          </l:item>
          <l:item>Please update the practice record and medication list.</l:item>
        </xsl:when>
        <xsl:when test="$stops">
          <l:item>
            <xsl:value-of select="concat('Nothing to prescribe: the ADRS prescribes for ', $given, ' and has told the pharmacy to dispense nothing from ', $effective, '.')"/>
          </l:item>
          <l:item>Please record it on the practice system, so that the Emergency Care Summary does not show a medicine that is not being taken.</l:item>
        </xsl:when>
        <xsl:when test="$doc/c:prescription-issued-by = 'gp-practice'">
          <l:item>
            <xsl:text>Please issue a new instalment prescription for </xsl:text>
            <xsl:value-of select="$new-med-lc"/>
            <xsl:text> </xsl:text>
            <xsl:call-template name="dose-phrase">
              <xsl:with-param name="t" select="$doc/c:new"/>
            </xsl:call-template>
            <xsl:value-of select="concat(' from ', $effective)"/>
            <xsl:if test="$doc/c:titration">, rising as the dose schedule above</xsl:if>
            <xsl:if test="not($injection)">
              <xsl:value-of select="concat(', with the dispensing arrangements above, to ', $pharmacy)"/>
            </xsl:if>
            <xsl:text>, and cancel the current prescription from that date.</xsl:text>
          </l:item>
          <l:item>Please update the practice record and medication list.</l:item>
          <xsl:call-template name="call-back">
            <xsl:with-param name="whom" select="'the practice, which signs the prescription,'"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <l:item>
            <xsl:text>Nothing to prescribe: the ADRS prescribes </xsl:text>
            <xsl:value-of select="$new-med-lc"/>
            <xsl:value-of select="concat(' for ', $given, '. Please do not issue it at the practice.')"/>
          </l:item>
          <l:item>Please record it on the practice system as a specialist-issued medicine, so that it appears on the Emergency Care Summary and in interaction checks.</l:item>
          <xsl:call-template name="call-back">
            <xsl:with-param name="whom" select="concat('us (', $sender-who, '), as we sign the prescription,')"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:for-each select="$doc/c:requests-to-gp/c:p">
        <l:item><xsl:value-of select="."/></l:item>
      </xsl:for-each>
    </l:list>
  </xsl:template>

  <!-- Whom the pharmacy calls before dispensing again after missed doses
       (its copy names the same prescriber), so the practice expects it. -->
  <xsl:template name="call-back">
    <xsl:param name="whom"/>
    <xsl:if test="not($injection) and $doc/c:nominated-pharmacy">
      <l:item>
        <xsl:value-of select="concat('For information: if ', $given, ' misses three consecutive doses, ', $pharmacy, ' has been asked to contact ', $whom, ' before dispensing again.')"/>
      </l:item>
    </xsl:if>
  </xsl:template>

  <xsl:template name="signature">
    <xsl:variable name="p" select="$doc/c:prescriber"/>
    <l:signatures>
      <l:signature party="Prescriber">
        <xsl:attribute name="name">
          <xsl:call-template name="person-name">
            <xsl:with-param name="n" select="$p/c:name"/>
          </xsl:call-template>
        </xsl:attribute>
        <xsl:attribute name="role">
          <xsl:value-of select="concat($p/c:role, ', ', $p/c:registration/@body, ' ', $p/c:registration)"/>
        </xsl:attribute>
        <xsl:attribute name="date">
          <xsl:call-template name="date">
            <xsl:with-param name="d" select="$doc/c:header/c:issued"/>
          </xsl:call-template>
        </xsl:attribute>
      </l:signature>
    </l:signatures>
  </xsl:template>

  <!-- "Copy to" the other recipients, by name where the document gives one.
       Without a recipient parameter the reader is taken to be the GP
       practice the letter is about. -->
  <xsl:template name="copies">
    <xsl:variable name="others" select="$doc/c:header/c:to[. != $recipient and not($recipient = '' and . = $doc/c:gp-practice)]"/>
    <xsl:if test="$others">
      <l:para size="9">
        <xsl:text>Copy to: </xsl:text>
        <xsl:for-each select="$others">
          <xsl:variable name="code" select="string(.)"/>
          <xsl:choose>
            <xsl:when test="$code = $doc/c:nominated-pharmacy">
              <xsl:value-of select="concat($pharmacy, ' (dispensing update)')"/>
            </xsl:when>
            <xsl:when test="$code = $doc/c:gp-practice">
              <xsl:call-template name="participant">
                <xsl:with-param name="p" select="$doc/c:gp-practice"/>
              </xsl:call-template>
            </xsl:when>
            <xsl:otherwise><xsl:value-of select="$code"/></xsl:otherwise>
          </xsl:choose>
          <xsl:if test="position() != last()">; </xsl:if>
        </xsl:for-each>
      </l:para>
    </xsl:if>
  </xsl:template>

  <xsl:template name="pattern">
    <xsl:param name="p"/>
    <xsl:choose>
      <xsl:when test="$p = 'daily'">Daily collection</xsl:when>
      <xsl:when test="$p = 'six-days-sunday-take-home'">Six days a week, Sunday dose taken home</xsl:when>
      <xsl:when test="$p = 'three-times-weekly'">Three collections a week</xsl:when>
      <xsl:when test="$p = 'twice-weekly'">Two collections a week</xsl:when>
      <xsl:when test="$p = 'weekly'">One collection a week</xsl:when>
      <xsl:when test="$p = 'injection'">Injection, no instalments to collect</xsl:when>
      <xsl:otherwise><xsl:value-of select="$p"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
