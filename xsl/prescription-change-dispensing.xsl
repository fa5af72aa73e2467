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

  <xsl:import href="prescription-change-common.xsl"/>

  <!-- Whoever signs the prescription (registry.xml party "issuer"), from
       the directory; see common.xsl for what each holds. -->
  <xsl:param name="party-issuer-code" select="''"/>
  <xsl:param name="party-issuer-name" select="''"/>
  <xsl:param name="party-issuer-team" select="''"/>
  <xsl:param name="party-issuer-phone" select="''"/>
  <xsl:param name="party-issuer-ooh" select="''"/>

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

  <xsl:template name="document">
    <l:document>
      <xsl:call-template name="document-attributes">
        <xsl:with-param name="title" select="concat('Dispensing update: ', $patient-name)"/>
        <xsl:with-param name="subject">
          <xsl:call-template name="course-title"/>
          <xsl:value-of select="concat(' from ', $effective)"/>
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
        <xsl:with-param name="footer" select="concat('Dispensing update, ref ', $doc/c:header/c:message-id)"/>
      </xsl:call-template>
      <l:body>
        <xsl:call-template name="replaces-notice"/>
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

        <l:heading>
          <xsl:text>Dispensing update: </xsl:text>
          <xsl:call-template name="course-title"/>
        </l:heading>
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

        <xsl:if test="$doc/c:titration and not($leaving-pharmacy)">
          <l:heading level="2">Dose schedule</l:heading>
          <xsl:call-template name="dose-schedule"/>
        </xsl:if>
        <xsl:if test="$doc/c:injection and not($leaving-pharmacy)">
          <l:heading level="2">Injection plan</l:heading>
          <l:form label-width="30">
            <xsl:call-template name="injection-fields"/>
          </l:form>
        </xsl:if>
        <xsl:if test="$doc/c:transition">
          <l:heading level="2">
            <xsl:choose>
              <xsl:when test="$doc/c:transition/c:setting = 'prison'">Prison</xsl:when>
              <xsl:otherwise>Hospital</xsl:otherwise>
            </xsl:choose>
          </l:heading>
          <l:form label-width="30">
            <xsl:call-template name="transition-fields"/>
          </l:form>
        </xsl:if>
        <xsl:if test="$arr and not($injection) and not($leaving-pharmacy)">
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

  <!-- The instruction, framed: what to dispense, give or stop, and from
       when, by the step of the course. -->
  <xsl:template name="instruction">
    <xsl:variable name="new" select="$doc/c:new"/>
    <l:box tone="alert">
      <xsl:choose>
        <xsl:when test="$leaving-pharmacy">
          <l:para size="12">
            <l:b><xsl:value-of select="concat('Stop dispensing ', $prev-med-lc, ' to ', $given, ' from ', $effective, '.')"/></l:b>
          </l:para>
          <l:para>
            <xsl:value-of select="concat('From that date ', $pharmacy, ' dispenses it. Give no dose for ', $effective, ' or later, even against a current prescription.')"/>
          </l:para>
        </xsl:when>
        <xsl:when test="$stops">
          <l:para size="12">
            <l:b><xsl:value-of select="concat('Do not dispense ', $prev-med-lc, ' to ', $given, ' from ', $effective, '.')"/></l:b>
          </l:para>
          <l:para>
            <xsl:call-template name="stop-why"/>
          </l:para>
        </xsl:when>
        <xsl:when test="$injection">
          <xsl:variable name="gives" select="$arr/c:administered-by = 'community-pharmacy'"/>
          <l:para size="12">
            <l:b>
              <xsl:choose>
                <xsl:when test="$gives">
                  <xsl:value-of select="concat('You give ', $given, ' the injection: ', $new-med-lc, ' ')"/>
                  <xsl:call-template name="dose">
                    <xsl:with-param name="d" select="$new/c:dose"/>
                    <xsl:with-param name="med" select="$new/c:medication"/>
                  </xsl:call-template>
                  <xsl:text>, first on </xsl:text>
                  <xsl:call-template name="day-and-date">
                    <xsl:with-param name="d" select="$doc/c:injection/c:first-injection"/>
                  </xsl:call-template>
                  <xsl:text>.</xsl:text>
                </xsl:when>
                <xsl:when test="$doc/c:previous">
                  <xsl:value-of select="concat('Stop dispensing ', $prev-med-lc, ' from ', $effective, '.')"/>
                </xsl:when>
              </xsl:choose>
            </l:b>
          </l:para>
          <l:para>
            <xsl:if test="$gives and $doc/c:previous">
              <xsl:value-of select="concat('Stop dispensing ', $prev-med-lc, ' from ', $effective, '. ')"/>
            </xsl:if>
            <xsl:if test="$doc/c:injection/c:last-oral-dose">
              <xsl:text>The last oral dose is on </xsl:text>
              <xsl:call-template name="day-and-date">
                <xsl:with-param name="d" select="$doc/c:injection/c:last-oral-dose"/>
              </xsl:call-template>
              <xsl:text>. </xsl:text>
            </xsl:if>
            <xsl:if test="not($gives)">
              <xsl:value-of select="concat('From ', $effective, ' ', $given, ' has ', $new-med-lc, ' ')"/>
              <xsl:call-template name="dose-phrase">
                <xsl:with-param name="t" select="$new"/>
              </xsl:call-template>
              <xsl:text>, given by </xsl:text>
              <xsl:call-template name="administrator">
                <xsl:with-param name="a" select="$arr/c:administered-by"/>
              </xsl:call-template>
              <xsl:text>. There is nothing for you to dispense or give.</xsl:text>
            </xsl:if>
            <xsl:if test="$gives">The injection plan is below.</xsl:if>
          </l:para>
          <xsl:call-template name="above-limits">
            <xsl:with-param name="reason" select="$doc/c:above-usual-limits"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <l:para size="12">
            <l:b>
              <xsl:choose>
                <xsl:when test="$course = 'start'">Start from </xsl:when>
                <xsl:when test="$course = 'resume' or $course = 'discharge'">Restart from </xsl:when>
                <xsl:otherwise>From </xsl:otherwise>
              </xsl:choose>
              <xsl:value-of select="concat($effective, ': ', $new-med-lc, ' ')"/>
              <xsl:call-template name="dose">
                <xsl:with-param name="d" select="$new/c:dose"/>
                <xsl:with-param name="med" select="$new/c:medication"/>
              </xsl:call-template>
              <xsl:text> daily</xsl:text>
              <xsl:if test="$doc/c:titration">, then as the dose schedule below</xsl:if>
            </l:b>
          </l:para>
          <l:para>
            <xsl:choose>
              <xsl:when test="$course = 'start'">
                <xsl:value-of select="concat($given, ' is starting MAT: there is no previous treatment')"/>
              </xsl:when>
              <xsl:when test="$course = 'arrangements'">
                <l:b>The same dose as before; the arrangements change. </l:b>
                <xsl:text>Until now collected </xsl:text>
                <xsl:call-template name="weekdays">
                  <xsl:with-param name="days" select="$doc/c:previous/c:pick-up-days/c:day"/>
                </xsl:call-template>
                <xsl:text>, supervised </xsl:text>
                <xsl:call-template name="weekdays">
                  <xsl:with-param name="days" select="$doc/c:previous/c:supervised-days/c:day"/>
                </xsl:call-template>
              </xsl:when>
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
            <xsl:if test="$course != 'start' and $course != 'arrangements'">
              <xsl:call-template name="dose-phrase">
                <xsl:with-param name="t" select="$doc/c:previous"/>
              </xsl:call-template>
            </xsl:if>
            <xsl:text>.</xsl:text>
          </l:para>
          <xsl:call-template name="course-lines"/>
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
            <xsl:when test="$stops or $leaving-pharmacy">This update does not cancel a prescription: return or deal with outstanding instalments as your controlled drug procedures require.</xsl:when>
            <xsl:when test="$injection and $arr/c:administered-by = 'community-pharmacy' and $doc/c:injection/c:authority = 'psd'">Give the injection only under the Patient Specific Direction signed by the prescriber, and record each one. This update is not itself the authority.</xsl:when>
            <xsl:when test="$injection and $arr/c:administered-by = 'community-pharmacy'">Give the injection only against the prescription for this patient, and record each one. This update is not itself the authority.</xsl:when>
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

  <!-- Why nothing is dispensed: the hold, the stop or the admission. -->
  <xsl:template name="stop-why">
    <xsl:choose>
      <xsl:when test="$course = 'hold'">
        <xsl:value-of select="concat('Dispensing is held until the prescriber reviews ', $given)"/>
        <xsl:if test="$doc/c:review-date">
          <xsl:text> on </xsl:text>
          <xsl:call-template name="day-and-date">
            <xsl:with-param name="d" select="$doc/c:review-date"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:text>. A further update will say whether and how it resumes; until then give no dose, even against a current prescription.</xsl:text>
      </xsl:when>
      <xsl:when test="$course = 'stop'">
        <xsl:choose>
          <xsl:when test="$doc/c:stop/c:kind = 'planned'">The treatment ends as planned. </xsl:when>
          <xsl:otherwise>The treatment ends without being planned. </xsl:otherwise>
        </xsl:choose>
        <xsl:text>The last dose is on </xsl:text>
        <l:b>
          <xsl:call-template name="day-and-date">
            <xsl:with-param name="d" select="$doc/c:stop/c:last-dose"/>
          </xsl:call-template>
        </l:b>
        <xsl:text>.</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="t" select="$doc/c:transition"/>
        <xsl:value-of select="concat($given, ' is in ', $t/c:place, ', from ')"/>
        <xsl:call-template name="day-and-date">
          <xsl:with-param name="d" select="$t/c:date"/>
        </xsl:call-template>
        <xsl:value-of select="concat('; the ', $t/c:setting, ' gives every dose while ', $given, ' is there. Hand over no doses for those days. You will be told the dose and the date to restart.')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The oral instruction's lines particular to the step of the course. -->
  <xsl:template name="course-lines">
    <xsl:if test="$course = 'resume'">
      <l:para>
        <xsl:value-of select="concat('Dispensing was held (ref ', $doc/c:resumes, '). Resume at this dose from ', $effective, ', and not before.')"/>
      </l:para>
    </xsl:if>
    <xsl:if test="$course = 'discharge'">
      <xsl:variable name="t" select="$doc/c:transition"/>
      <l:para>
        <xsl:value-of select="concat('The last dose in ', $t/c:place, ' was ')"/>
        <xsl:call-template name="dose">
          <xsl:with-param name="d" select="$t/c:last-dose-given/c:dose"/>
          <xsl:with-param name="med" select="$doc/c:previous/c:medication"/>
        </xsl:call-template>
        <xsl:text> on </xsl:text>
        <xsl:call-template name="day-and-date">
          <xsl:with-param name="d" select="$t/c:last-dose-given/c:date"/>
        </xsl:call-template>
        <xsl:text>: give no dose for that day.</xsl:text>
      </l:para>
    </xsl:if>
    <xsl:if test="$doc/c:previous/c:pharmacy and $doc/c:previous/c:pharmacy != $doc/c:nominated-pharmacy">
      <l:para>
        <xsl:text>Until now dispensed by </xsl:text>
        <xsl:call-template name="participant">
          <xsl:with-param name="p" select="$doc/c:previous/c:pharmacy"/>
        </xsl:call-template>
        <xsl:text>, which has been told to stop.</xsl:text>
      </l:para>
    </xsl:if>
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
    <xsl:variable name="day" select="normalize-space(substring($week-days, ($i - 1) * 9 + 1, 9))"/>
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
        <xsl:when test="$leaving-pharmacy">
          <l:item>
            <xsl:value-of select="concat('If ', $given, ' comes for a dose from ', $effective, ', give none: send ', $given, ' to ', $pharmacy, '. If ', $given, ' has not collected there, phone ', $call-prescriber, '.')"/>
          </l:item>
        </xsl:when>
        <xsl:when test="$stops">
          <l:item>
            <xsl:value-of select="concat('If ', $given, ' comes for a dose from ', $effective, ', give none: phone ', $call-prescriber, ' the same day.')"/>
          </l:item>
          <l:item>
            <xsl:value-of select="concat('Tolerance falls within days of the last dose. If ', $given, ' may use opioids, offer take-home naloxone and overdose advice.')"/>
          </l:item>
        </xsl:when>
        <xsl:when test="$injection and $arr/c:administered-by = 'community-pharmacy'">
          <l:item>
            <xsl:value-of select="concat('If ', $given, ' does not come for the injection by the end of its window, phone ', $call-prescriber, ' the same day: there is no oral dose to fall back on.')"/>
          </l:item>
          <l:item>
            <xsl:value-of select="concat('Do not give the injection if ', $given, ' appears intoxicated or unwell; tell the prescriber the same day.')"/>
          </l:item>
          <l:item>Report each injection given, or not given, to the ADRS through carex the same day.</l:item>
        </xsl:when>
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
            <xsl:value-of select="concat('This prescription is in the ', $phase, ' phase', substring(' (the dose is being set)', 1, 24 * ($phase = 'titration')), ': record that phase on each dispensing notification you send about it.')"/>
          </l:item>
          <l:item>
            <xsl:value-of select="concat('If ', $given, ' ', $missed-words, ', do not give the next dose. Tolerance may be lost: contact ', $call-prescriber, ', before dispensing again', $specialist, '.')"/>
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

</xsl:stylesheet>
