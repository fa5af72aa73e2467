<?xml version="1.0" encoding="UTF-8"?>
<!--
  SPDX-License-Identifier: MIT
  prescription-change as the dispensing update a community pharmacist acts
  on (role pharmacy): the new instruction and its effective date in a
  framed alert, the week day by day (collection, supervised consumption,
  doses to take away), who the patient is, who to phone, and what to do
  about missed doses. Read at the dispensary bench; it informs and does
  not replace the controlled drug prescription.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:c="urn:carex:doc:1"
                xmlns:l="urn:carex:layout:1"
                exclude-result-prefixes="c">

  <xsl:import href="common.xsl"/>

  <!-- Whoever signs the prescription (registry.xml party "issuer"), from
       the directory; see common.xsl for what each holds. -->
  <xsl:param name="party-issuer-code" select="''"/>
  <xsl:param name="party-issuer-name" select="''"/>
  <xsl:param name="party-issuer-team" select="''"/>
  <xsl:param name="party-issuer-phone" select="''"/>
  <xsl:param name="party-issuer-ooh" select="''"/>

  <xsl:variable name="doc" select="/c:prescription-change"/>
  <xsl:variable name="pt" select="$doc/c:patient"/>
  <xsl:variable name="given" select="$pt/c:name/c:given"/>
  <xsl:variable name="arr" select="$doc/c:arrangements"/>
  <xsl:variable name="injection" select="$arr/c:instalment-pattern = 'injection'"/>
  <!-- Weekday names, nine characters each, Monday first. -->
  <xsl:variable name="days" select="'monday   tuesday  wednesdaythursday friday   saturday sunday   '"/>

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
  <xsl:variable name="prescriber-name">
    <xsl:call-template name="person-name">
      <xsl:with-param name="n" select="$doc/c:prescriber/c:name"/>
    </xsl:call-template>
  </xsl:variable>

  <!-- The prescriber the pharmacist must reach before dispensing again is
       whoever signs the prescription: the GP practice under shared care,
       else the ADRS prescriber (at the issuing team). -->
  <xsl:variable name="gp-issues" select="$doc/c:prescription-issued-by = 'gp-practice'"/>
  <xsl:variable name="issuer">
    <xsl:choose>
      <xsl:when test="$gp-issues">
        <xsl:choose>
          <xsl:when test="$party-issuer-name != ''"><xsl:value-of select="$party-issuer-name"/></xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="participant">
              <xsl:with-param name="p" select="$doc/c:gp-practice"/>
            </xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat($prescriber-name, ', ', $sender-who)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="issuer-phone">
    <xsl:call-template name="keep-numbers">
      <xsl:with-param name="s">
        <xsl:choose>
          <xsl:when test="$gp-issues"><xsl:value-of select="$party-issuer-phone"/></xsl:when>
          <xsl:when test="$doc/c:prescriber/c:phone"><xsl:value-of select="$doc/c:prescriber/c:phone"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$sender-phone"/></xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:variable>
  <xsl:variable name="team-phone">
    <xsl:call-template name="keep-numbers">
      <xsl:with-param name="s" select="$sender-phone"/>
    </xsl:call-template>
  </xsl:variable>
  <!-- "the prescriber, Possilpark Medical Practice, on 0141 531 6120" -->
  <xsl:variable name="call-prescriber">
    <xsl:value-of select="concat('the prescriber, ', $issuer)"/>
    <xsl:if test="$issuer-phone != ''">
      <xsl:value-of select="concat(', on ', $issuer-phone)"/>
    </xsl:if>
  </xsl:variable>
  <!-- Under shared care the ADRS team is still the specialist to ask. -->
  <xsl:variable name="specialist">
    <xsl:if test="$gp-issues">
      <xsl:value-of select="concat(' (for specialist advice: ', $sender-who)"/>
      <xsl:if test="$team-phone != ''">
        <xsl:value-of select="concat(' on ', $team-phone)"/>
      </xsl:if>
      <xsl:text>)</xsl:text>
    </xsl:if>
  </xsl:variable>

  <xsl:template match="/">
    <l:document>
      <xsl:call-template name="document-attributes">
        <xsl:with-param name="title" select="concat('Dispensing update: ', $patient-name)"/>
        <xsl:with-param name="subject" select="concat('Change to ', $new-med-lc, ' from ', $effective)"/>
      </xsl:call-template>
      <xsl:call-template name="running">
        <xsl:with-param name="header-right">
          <xsl:value-of select="$patient-name"/>
          <xsl:text>, CHI </xsl:text>
          <xsl:call-template name="chi">
            <xsl:with-param name="chi" select="$pt/c:chi"/>
          </xsl:call-template>
        </xsl:with-param>
        <xsl:with-param name="footer" select="concat('Dispensing update, ref ', $doc/c:header/c:message-id)"/>
      </xsl:call-template>
      <l:body>
        <xsl:call-template name="letterhead"/>
        <l:spacer height="12"/>
        <xsl:call-template name="recipient-address">
          <xsl:with-param name="addressee" select="'The Pharmacist in charge'"/>
        </xsl:call-template>
        <l:spacer height="12"/>
        <l:para>
          <xsl:text>Date: </xsl:text>
          <xsl:call-template name="date">
            <xsl:with-param name="d" select="$doc/c:header/c:issued"/>
          </xsl:call-template>
          <l:br/>
          <xsl:value-of select="concat('Ref: ', $doc/c:header/c:message-id)"/>
        </l:para>

        <l:heading>Dispensing update: change to MAT prescription</l:heading>
        <xsl:call-template name="instruction"/>

        <l:heading level="2">Patient</l:heading>
        <l:form label-width="30">
          <l:field label="Name"><l:b><xsl:value-of select="$patient-name"/></l:b></l:field>
          <l:field label="Date of birth">
            <xsl:call-template name="date">
              <xsl:with-param name="d" select="$pt/c:date-of-birth"/>
            </xsl:call-template>
          </l:field>
          <l:field label="CHI number">
            <xsl:call-template name="chi">
              <xsl:with-param name="chi" select="$pt/c:chi"/>
            </xsl:call-template>
          </l:field>
          <l:field label="Address">
            <xsl:call-template name="address-inline">
              <xsl:with-param name="a" select="$pt/c:address"/>
            </xsl:call-template>
          </l:field>
          <xsl:if test="$pt/c:phone">
            <l:field label="Phone"><xsl:value-of select="$pt/c:phone"/></l:field>
          </xsl:if>
        </l:form>

        <xsl:if test="not($injection)">
          <l:heading level="2"><xsl:value-of select="concat('Each week from ', $effective)"/></l:heading>
          <xsl:call-template name="week"/>
        </xsl:if>

        <xsl:if test="$doc/c:notes-for-pharmacist">
          <l:heading level="2">Notes from the prescriber</l:heading>
          <xsl:call-template name="paras">
            <xsl:with-param name="ps" select="$doc/c:notes-for-pharmacist"/>
          </xsl:call-template>
        </xsl:if>

        <l:heading level="2">Missed doses and safety</l:heading>
        <xsl:call-template name="safety"/>

        <!-- Under shared care the prescriber below decided the change but
             does not sign the prescription: say so in the heading, so
             that the number to call is not taken from here. -->
        <l:heading level="2">
          <xsl:choose>
            <xsl:when test="$gp-issues">Specialist prescriber (the practice signs the prescription)</xsl:when>
            <xsl:otherwise>Prescriber</xsl:otherwise>
          </xsl:choose>
        </l:heading>
        <l:form label-width="30">
          <l:field label="Name"><xsl:value-of select="$prescriber-name"/></l:field>
          <l:field label="Role"><xsl:value-of select="$doc/c:prescriber/c:role"/></l:field>
          <l:field label="Registration">
            <xsl:value-of select="concat($doc/c:prescriber/c:registration/@body, ' ', $doc/c:prescriber/c:registration)"/>
          </l:field>
          <xsl:if test="$doc/c:prescriber/c:phone">
            <l:field label="Phone"><xsl:value-of select="$doc/c:prescriber/c:phone"/></l:field>
          </xsl:if>
          <xsl:if test="$sender-name != ''">
            <l:field label="Service">
              <xsl:value-of select="$sender-name"/>
              <xsl:if test="$sender-team != ''">
                <xsl:value-of select="concat(', ', $sender-team)"/>
              </xsl:if>
              <xsl:if test="$team-phone != ''">
                <xsl:value-of select="concat(', ', $team-phone)"/>
              </xsl:if>
            </l:field>
          </xsl:if>
          <l:field label="Prescription issued by">
            <xsl:choose>
              <xsl:when test="$gp-issues">
                <xsl:value-of select="concat($issuer, ' (shared care)')"/>
                <xsl:if test="$issuer-phone != ''">
                  <xsl:value-of select="concat(', ', $issuer-phone)"/>
                </xsl:if>
              </xsl:when>
              <xsl:otherwise>The ADRS</xsl:otherwise>
            </xsl:choose>
          </l:field>
          <xsl:if test="$doc/c:review-date">
            <l:field label="Next review">
              <xsl:call-template name="date">
                <xsl:with-param name="d" select="$doc/c:review-date"/>
              </xsl:call-template>
            </l:field>
          </xsl:if>
        </l:form>
      </l:body>
    </l:document>
  </xsl:template>

  <!-- The instruction, framed: what to dispense (or stop) and from when. -->
  <xsl:template name="instruction">
    <xsl:variable name="new" select="$doc/c:new"/>
    <l:box tone="alert">
      <xsl:choose>
        <xsl:when test="$injection">
          <l:para size="12">
            <l:b><xsl:value-of select="concat('Stop dispensing ', $prev-med-lc, ' from ', $effective, '.')"/></l:b>
          </l:para>
          <l:para>
            <xsl:value-of select="concat('From that date ', $given, ' has ', $new-med-lc, ' ')"/>
            <xsl:call-template name="dose-phrase">
              <xsl:with-param name="t" select="$new"/>
            </xsl:call-template>
            <xsl:text>, given by </xsl:text>
            <xsl:call-template name="administrator">
              <xsl:with-param name="a" select="$arr/c:administered-by"/>
            </xsl:call-template>
            <xsl:text>. There is nothing to dispense.</xsl:text>
          </l:para>
          <xsl:call-template name="above-limits">
            <xsl:with-param name="reason" select="$doc/c:above-usual-limits"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <l:para size="12">
            <l:b>
              <xsl:value-of select="concat('From ', $effective, ': ', $new-med-lc, ' ')"/>
              <xsl:call-template name="dose">
                <xsl:with-param name="d" select="$new/c:dose"/>
                <xsl:with-param name="med" select="$new/c:medication"/>
              </xsl:call-template>
              <xsl:text> daily</xsl:text>
            </l:b>
          </l:para>
          <l:para>
            <xsl:choose>
              <xsl:when test="$doc/c:previous/c:medication = $new/c:medication">
                <xsl:variable name="change">
                  <xsl:call-template name="dose-change">
                    <xsl:with-param name="prev" select="$doc/c:previous"/>
                    <xsl:with-param name="new" select="$new"/>
                  </xsl:call-template>
                </xsl:variable>
                <l:b><xsl:value-of select="concat(translate(substring($change, 1, 1), 'anr', 'ANR'), substring($change, 2))"/></l:b>
                <xsl:text> from the previous </xsl:text>
              </xsl:when>
              <xsl:otherwise>
                <xsl:text>Previously </xsl:text>
                <xsl:call-template name="medication-lc">
                  <xsl:with-param name="m" select="$doc/c:previous/c:medication"/>
                </xsl:call-template>
                <xsl:text> </xsl:text>
              </xsl:otherwise>
            </xsl:choose>
            <xsl:call-template name="dose-phrase">
              <xsl:with-param name="t" select="$doc/c:previous"/>
            </xsl:call-template>
            <xsl:text>.</xsl:text>
          </l:para>
          <xsl:call-template name="above-limits">
            <xsl:with-param name="reason" select="$doc/c:above-usual-limits"/>
          </xsl:call-template>
          <l:para>
            <xsl:text>Collected </xsl:text>
            <xsl:call-template name="weekdays">
              <xsl:with-param name="days" select="$arr/c:pick-up-days/c:day"/>
            </xsl:call-template>
            <xsl:text>; supervised </xsl:text>
            <xsl:call-template name="weekdays">
              <xsl:with-param name="days" select="$arr/c:supervised-days/c:day"/>
            </xsl:call-template>
            <xsl:text>. What to hand over on each day is in the week below.</xsl:text>
          </l:para>
        </xsl:otherwise>
      </xsl:choose>
      <l:para size="9">
        <l:i>
          <xsl:choose>
            <xsl:when test="$injection">This update does not replace a prescription. Deal with outstanding instalments of the previous medicine as the notes below and your controlled drug procedures require.</xsl:when>
            <xsl:when test="$doc/c:prescription-issued-by = 'gp-practice'">
              <xsl:text>The new prescription is issued by </xsl:text>
              <xsl:call-template name="participant">
                <xsl:with-param name="p" select="$doc/c:gp-practice"/>
              </xsl:call-template>
              <xsl:text>. Dispense the new dose only against it: this update does not replace the prescription.</xsl:text>
            </xsl:when>
            <xsl:otherwise>The new prescription is issued by the ADRS. Dispense the new dose only against it: this update does not replace the prescription.</xsl:otherwise>
          </xsl:choose>
        </l:i>
      </l:para>
    </l:box>
  </xsl:template>

  <!-- Monday to Sunday: collection, supervision and what is handed over. -->
  <xsl:template name="week">
    <l:table widths="2 1.4 1.6 4" header-rows="1">
      <l:row>
        <l:cell>Day</l:cell>
        <l:cell>Pick-up</l:cell>
        <l:cell>Supervised</l:cell>
        <l:cell>Doses to take away</l:cell>
      </l:row>
      <xsl:call-template name="week-row">
        <xsl:with-param name="i" select="1"/>
      </xsl:call-template>
    </l:table>
  </xsl:template>

  <xsl:template name="week-row">
    <xsl:param name="i"/>
    <xsl:variable name="day" select="normalize-space(substring($days, ($i - 1) * 9 + 1, 9))"/>
    <xsl:variable name="pick" select="$arr/c:pick-up-days/c:day = $day"/>
    <xsl:variable name="sup" select="$arr/c:supervised-days/c:day = $day"/>
    <l:row>
      <l:cell shade="true">
        <xsl:call-template name="weekday">
          <xsl:with-param name="d" select="$day"/>
        </xsl:call-template>
      </l:cell>
      <xsl:choose>
        <xsl:when test="$pick">
          <!-- Days after this one until the next pick-up are taken home
               today; so is today's dose when it is not supervised. -->
          <xsl:variable name="after">
            <xsl:call-template name="run-after">
              <xsl:with-param name="arr" select="$arr"/>
              <xsl:with-param name="i" select="$i"/>
            </xsl:call-template>
          </xsl:variable>
          <xsl:variable name="away" select="normalize-space(concat(substring($day, 1, number(not($sup)) * 9), ' ', $after))"/>
          <l:cell>Yes</l:cell>
          <l:cell>
            <xsl:choose>
              <xsl:when test="$sup"><l:b>Yes</l:b></xsl:when>
              <xsl:otherwise>No</xsl:otherwise>
            </xsl:choose>
          </l:cell>
          <l:cell>
            <xsl:choose>
              <xsl:when test="$away = ''">None</xsl:when>
              <xsl:otherwise>
                <xsl:value-of select="string-length($away) - string-length(translate($away, ' ', '')) + 1"/>
                <xsl:text> (</xsl:text>
                <xsl:call-template name="word-list">
                  <xsl:with-param name="s" select="$away"/>
                </xsl:call-template>
                <xsl:text>)</xsl:text>
              </xsl:otherwise>
            </xsl:choose>
          </l:cell>
        </xsl:when>
        <xsl:otherwise>
          <l:cell>No</l:cell>
          <l:cell>–</l:cell>
          <l:cell>
            <xsl:text>Take-home dose, collected on </xsl:text>
            <xsl:call-template name="weekday">
              <xsl:with-param name="d">
                <xsl:call-template name="pick-up-before">
                  <xsl:with-param name="arr" select="$arr"/>
                  <xsl:with-param name="i" select="$i"/>
                </xsl:call-template>
              </xsl:with-param>
            </xsl:call-template>
          </l:cell>
        </xsl:otherwise>
      </xsl:choose>
    </l:row>
    <xsl:if test="$i &lt; 7">
      <xsl:call-template name="week-row">
        <xsl:with-param name="i" select="$i + 1"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- What the pharmacist does when doses are missed or unsafe to give. -->
  <xsl:template name="safety">
    <l:list style="bullet">
      <xsl:choose>
        <xsl:when test="$injection">
          <l:item>
            <xsl:value-of select="concat('Do not dispense ', $prev-med-lc, ' to ', $given, ' from ', $effective, ', even against an older prescription; if ', $given, ' asks for it, phone ', $call-prescriber, $specialist, '.')"/>
          </l:item>
          <l:item>
            <xsl:value-of select="concat('If ', $given, ' seems unwell, intoxicated or in withdrawal, contact the prescriber the same day.')"/>
          </l:item>
          <l:item>Keep offering harm reduction: injecting equipment, take-home naloxone and advice.</l:item>
        </xsl:when>
        <xsl:otherwise>
          <l:item>
            <xsl:value-of select="concat('If ', $given, ' misses three consecutive doses, do not give the next dose. Tolerance may be lost: contact ', $call-prescriber, ', before dispensing again', $specialist, '.')"/>
          </l:item>
          <l:item>
            <xsl:value-of select="concat('Do not give a dose if ', $given, ' appears intoxicated with alcohol or other drugs; withhold it and tell the prescriber the same day.')"/>
          </l:item>
          <l:item>Do not give missed doses later, and do not hand over doses for missed days.</l:item>
          <l:item>Report every missed, withheld or reduced dose to the ADRS through carex (dispensing notification) the same day.</l:item>
        </xsl:otherwise>
      </xsl:choose>
    </l:list>
    <!-- Evenings, weekends and public holidays: the prescriber's route,
         then the specialist team's when that is another party. -->
    <xsl:if test="$gp-issues and $party-issuer-code != $sender-code">
      <xsl:call-template name="out-of-hours">
        <xsl:with-param name="who" select="$issuer"/>
        <xsl:with-param name="route" select="$party-issuer-ooh"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:call-template name="out-of-hours"/>
  </xsl:template>

  <!-- Templates shared with the other MAT renditions (candidates for
       common.xsl). -->


  <xsl:template name="participant">
    <xsl:param name="p"/>
    <xsl:choose>
      <xsl:when test="$p = $recipient and $recipient-name != ''"><xsl:value-of select="$recipient-name"/></xsl:when>
      <xsl:when test="$p/@name"><xsl:value-of select="$p/@name"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$p"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>


  <xsl:template name="medication-lc">
    <xsl:param name="m"/>
    <xsl:variable name="s">
      <xsl:call-template name="medication">
        <xsl:with-param name="m" select="$m"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:value-of select="concat(translate(substring($s, 1, 1), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), substring($s, 2))"/>
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

  <xsl:template name="day-and-date">
    <xsl:param name="d"/>
    <xsl:variable name="y" select="number(substring($d, 1, 4))"/>
    <xsl:variable name="m" select="number(substring($d, 6, 2))"/>
    <xsl:variable name="a" select="floor((14 - $m) div 12)"/>
    <xsl:variable name="yy" select="$y + 4800 - $a"/>
    <xsl:variable name="mm" select="$m + 12 * $a - 3"/>
    <xsl:variable name="jdn" select="number(substring($d, 9, 2)) + floor((153 * $mm + 2) div 5) + 365 * $yy + floor($yy div 4) - floor($yy div 100) + floor($yy div 400) - 32045"/>
    <xsl:call-template name="weekday">
      <xsl:with-param name="d" select="normalize-space(substring($days, ($jdn mod 7) * 9 + 1, 9))"/>
    </xsl:call-template>
    <xsl:text> </xsl:text>
    <xsl:call-template name="date">
      <xsl:with-param name="d" select="$d"/>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
