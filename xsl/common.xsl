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
    recipient-contractor  its NHS practice or contractor code, if known
    sender-code        the sending participant's code
    sender-name        its name
    sender-team        the name of its issuing team (header from-team),
                       '' when the document names none
    sender-address     the team's postal address (else the participant's),
                       lines separated by '|'
    sender-contact     the team's contact lines (else the participant's):
                       person, phone, email, '|'-separated
    sender-phone       that contact's phone alone
    sender-ooh         the team's out-of-hours route (else the
                       participant's); '' when the directory has none,
                       and the out-of-hours template prints the fallback
    status             '' or 'superseded' or 'cancelled'
    replaces-ref       the sender's reference (message-id) of the document
    replaces-time      this one supersedes or cancels, and when the exchange
                       received it (ISO 8601); from the store, '' offline
    replaced-by-ref    the same of the document that superseded or
    replaced-by-time   cancelled this one

  Each doctype's stylesheet names its rendition "document"; the root
  template here renders a cancelling document as a cancellation instead,
  whatever its doctype, so that it can never be read as an instruction.
  A deployment's stylesheet that matches its root element instead still
  works (and gets the cancellation too); one with its own match="/" is
  left as it is.

  A doctype's named parties (registry.xml <party name="NAME">: whoever
  signs the prescription) come as party-NAME-code, -name, -team, -address,
  -contact, -phone and -ooh, read the same way; the doctype's stylesheets
  declare the ones they use. They are '' when the document or the
  directory does not name the party.
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
  <xsl:param name="recipient-contractor" select="''"/>
  <xsl:param name="sender-code" select="''"/>
  <xsl:param name="sender-name" select="''"/>
  <xsl:param name="sender-team" select="''"/>
  <xsl:param name="sender-address" select="''"/>
  <xsl:param name="sender-contact" select="''"/>
  <xsl:param name="sender-phone" select="''"/>
  <xsl:param name="sender-ooh" select="''"/>
  <xsl:param name="status" select="''"/>
  <xsl:param name="replaces-ref" select="''"/>
  <xsl:param name="replaces-time" select="''"/>
  <xsl:param name="replaced-by-ref" select="''"/>
  <xsl:param name="replaced-by-time" select="''"/>

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
    <xsl:variable name="by">
      <xsl:if test="$replaced-by-ref != ''">
        <xsl:value-of select="concat('ref ', $replaced-by-ref)"/>
        <xsl:if test="$replaced-by-time != ''">
          <xsl:text> of </xsl:text>
          <xsl:call-template name="date-time">
            <xsl:with-param name="t" select="$replaced-by-time"/>
          </xsl:call-template>
        </xsl:if>
      </xsl:if>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$status = 'superseded'">
        <l:banner><xsl:value-of select="concat('SUPERSEDED', substring(' by ', 1, 4 * ($by != '')), $by, ': a later document replaces this one. Do not act on this one.')"/></l:banner>
      </xsl:when>
      <xsl:when test="$status = 'cancelled'">
        <l:banner><xsl:value-of select="concat('CANCELLED by the sender', substring(' in ', 1, 4 * ($by != '')), $by, '. Do not act on this document.')"/></l:banner>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- "2025-02-27T10:42:00.000Z" as "27 February 2025, 10:42 UTC". -->
  <xsl:template name="date-time">
    <xsl:param name="t"/>
    <xsl:call-template name="date">
      <xsl:with-param name="d" select="$t"/>
    </xsl:call-template>
    <xsl:if test="string-length($t) &gt;= 16">
      <xsl:value-of select="concat(', ', substring($t, 12, 5), ' UTC')"/>
    </xsl:if>
  </xsl:template>

  <!-- What a superseding document replaces, at the top of its first
       page: the carex id its header names, and from the store the
       sender's reference and when it was sent. -->
  <xsl:template name="replaces-notice">
    <xsl:variable name="id" select="normalize-space(/*/c:header/c:supersedes)"/>
    <xsl:if test="$id != ''">
      <l:box tone="alert">
        <l:para><l:b>
          <xsl:text>This document replaces </xsl:text>
          <xsl:call-template name="replaced-named">
            <xsl:with-param name="id" select="$id"/>
          </xsl:call-template>
          <xsl:text>. Act on this one, not on that.</xsl:text>
        </l:b></l:para>
      </l:box>
    </xsl:if>
  </xsl:template>

  <!-- The document a replacement names: "ref adrs-ne-2025-0412 of
       27 February 2025, 10:42 UTC from Glasgow ADRS (carex id …)". -->
  <xsl:template name="replaced-named">
    <xsl:param name="id"/>
    <xsl:choose>
      <xsl:when test="$replaces-ref != ''">
        <xsl:value-of select="concat('ref ', $replaces-ref)"/>
        <xsl:if test="$replaces-time != ''">
          <xsl:text> of </xsl:text>
          <xsl:call-template name="date-time">
            <xsl:with-param name="t" select="$replaces-time"/>
          </xsl:call-template>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>the document</xsl:otherwise>
    </xsl:choose>
    <xsl:text> from </xsl:text>
    <xsl:choose>
      <xsl:when test="$sender-name != ''"><xsl:value-of select="$sender-name"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="/*/c:header/c:from"/></xsl:otherwise>
    </xsl:choose>
    <xsl:value-of select="concat(' (carex id ', $id, ')')"/>
  </xsl:template>

  <!-- Every rendition: a cancelling document as a cancellation, never as
       the instruction its body repeats; anything else as its doctype's
       stylesheet renders it. -->
  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="normalize-space(/*/c:header/c:cancels) != ''">
        <xsl:call-template name="cancellation"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="document"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A stylesheet that names no "document" (a deployment's own, written
       before it was asked to) renders as it was written: its templates
       are applied from the root. -->
  <xsl:template name="document">
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template name="cancellation">
    <xsl:variable name="id" select="normalize-space(/*/c:header/c:cancels)"/>
    <xsl:variable name="pt" select="/*/c:patient"/>
    <xsl:variable name="who">
      <xsl:if test="$pt">
        <xsl:call-template name="person-name">
          <xsl:with-param name="n" select="$pt/c:name"/>
        </xsl:call-template>
      </xsl:if>
    </xsl:variable>
    <l:document>
      <xsl:call-template name="document-attributes">
        <xsl:with-param name="title" select="normalize-space(concat('Cancellation ', $who))"/>
        <xsl:with-param name="subject" select="concat('Cancels carex document ', $id)"/>
      </xsl:call-template>
      <xsl:call-template name="running">
        <xsl:with-param name="header-right">
          <xsl:if test="$pt">
            <xsl:value-of select="concat($who, ', CHI ')"/>
            <xsl:call-template name="chi">
              <xsl:with-param name="chi" select="$pt/c:chi"/>
            </xsl:call-template>
          </xsl:if>
        </xsl:with-param>
        <xsl:with-param name="footer" select="concat('Cancellation, ref ', /*/c:header/c:message-id)"/>
      </xsl:call-template>
      <l:body>
        <xsl:call-template name="letterhead"/>
        <l:spacer height="12"/>
        <xsl:call-template name="recipient-address"/>
        <l:spacer height="12"/>
        <l:para>
          <xsl:text>Date: </xsl:text>
          <xsl:call-template name="date">
            <xsl:with-param name="d" select="/*/c:header/c:issued"/>
          </xsl:call-template>
          <l:br/>
          <xsl:value-of select="concat('Ref: ', /*/c:header/c:message-id)"/>
        </l:para>
        <l:heading>Cancellation: do not act on the earlier document</l:heading>
        <l:box tone="alert">
          <l:para size="12"><l:b>
            <xsl:text>Do not act on </xsl:text>
            <xsl:call-template name="replaced-named">
              <xsl:with-param name="id" select="$id"/>
            </xsl:call-template>
            <xsl:text>: the sender has cancelled it.</xsl:text>
          </l:b></l:para>
          <l:para>This is not a new instruction and replaces that document with nothing. If you have already acted on it, or you are not sure what is now current, contact the sender before the next dose or action is due.</l:para>
        </l:box>
        <xsl:if test="$pt">
          <l:heading level="2">Patient</l:heading>
          <l:form label-width="30">
            <l:field label="Name"><l:b><xsl:value-of select="$who"/></l:b></l:field>
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
          </l:form>
        </xsl:if>
        <l:heading level="2">The sender</l:heading>
        <l:form label-width="30">
          <l:field label="Sent by">
            <xsl:choose>
              <xsl:when test="$sender-name != ''"><xsl:value-of select="$sender-name"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="/*/c:header/c:from"/></xsl:otherwise>
            </xsl:choose>
          </l:field>
          <xsl:if test="$sender-contact != ''">
            <l:field label="Contact">
              <xsl:call-template name="join-lines">
                <xsl:with-param name="s" select="$sender-contact"/>
              </xsl:call-template>
            </l:field>
          </xsl:if>
        </l:form>
      </l:body>
    </l:document>
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

  <!-- Letterhead of the sender, from the directory: the participant, then
       its issuing team with the team's own address and number. -->
  <xsl:template name="letterhead">
    <xsl:if test="$sender-name != ''">
      <l:letterhead>
        <l:name><xsl:value-of select="$sender-name"/></l:name>
        <xsl:if test="$sender-team != ''">
          <l:line><xsl:value-of select="$sender-team"/></l:line>
        </xsl:if>
        <xsl:call-template name="split-lines">
          <xsl:with-param name="s" select="$sender-address"/>
        </xsl:call-template>
        <xsl:call-template name="split-lines">
          <xsl:with-param name="s" select="$sender-contact"/>
        </xsl:call-template>
      </l:letterhead>
    </xsl:if>
  </xsl:template>

  <!-- Who the sender is in a sentence: its team when the document names
       one ("North East ADRS"), else the participant, else the code. -->
  <xsl:variable name="sender-who">
    <xsl:choose>
      <xsl:when test="$sender-team != ''"><xsl:value-of select="$sender-team"/></xsl:when>
      <xsl:when test="$sender-name != ''"><xsl:value-of select="$sender-name"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="/*/c:header/c:from"/></xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <!-- The out-of-hours line of a clinical rendition: whom to call in the
       evening, at weekends and on public holidays. who names the party
       (by default the sender), route is its route from the directory.
       With no route the line still gives one, NHS 24 on 111 (true
       everywhere in Scotland), and says it is the fallback, so a reader
       knows the service has not given its own. -->
  <xsl:template name="out-of-hours">
    <xsl:param name="who" select="$sender-who"/>
    <xsl:param name="route" select="$sender-ooh"/>
    <l:para>
      <l:b><xsl:value-of select="concat('Out of hours, ', $who, ': ')"/></l:b>
      <xsl:choose>
        <xsl:when test="normalize-space($route) != ''">
          <xsl:call-template name="keep-numbers">
            <xsl:with-param name="s" select="$route"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="concat('NHS 24 on 111. The carex directory gives no out-of-hours route for ', $who, ', so this is the national fallback.')"/></xsl:otherwise>
      </xsl:choose>
    </l:para>
  </xsl:template>

  <!-- s with each space between two digits made a no-break space, so
       that a phone number ("0141 496 0999") is never split across lines,
       where a reader would dial half of it. -->
  <xsl:template name="keep-numbers">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="contains($s, ' ')">
        <xsl:variable name="a" select="substring-before($s, ' ')"/>
        <xsl:variable name="b" select="substring-after($s, ' ')"/>
        <xsl:value-of select="$a"/>
        <xsl:choose>
          <xsl:when test="$a != '' and $b != '' and contains('0123456789', substring($a, string-length($a))) and contains('0123456789', substring($b, 1, 1))">&#160;</xsl:when>
          <xsl:otherwise><xsl:text> </xsl:text></xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="keep-numbers">
          <xsl:with-param name="s" select="$b"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
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
        <xsl:if test="$recipient-contractor != ''">
          <l:line>
            <xsl:choose>
              <xsl:when test="$role = 'gp'">Practice code </xsl:when>
              <xsl:when test="$role = 'pharmacy'">Contractor code </xsl:when>
              <xsl:otherwise>NHS code </xsl:otherwise>
            </xsl:choose>
            <xsl:value-of select="$recipient-contractor"/>
          </l:line>
        </xsl:if>
      </l:address>
    </xsl:if>
  </xsl:template>

  <!-- 'a|b|c' as "a, b, c". -->
  <xsl:template name="join-lines">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="contains($s, '|')">
        <xsl:value-of select="concat(substring-before($s, '|'), ', ')"/>
        <xsl:call-template name="join-lines">
          <xsl:with-param name="s" select="substring-after($s, '|')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
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
    <!-- For two doses that do not name their medicine (the steps of a
         schedule): which it is. -->
    <xsl:param name="med" select="$new/c:medication"/>
    <xsl:variable name="a" select="number($prev/c:dose/c:amount)"/>
    <xsl:variable name="b" select="number($new/c:dose/c:amount)"/>
    <xsl:if test="$prev/c:medication = $new/c:medication or not($prev/c:medication and $new/c:medication)">
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
            <xsl:with-param name="med" select="$med"/>
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
    <xsl:param name="med" select="$new/c:medication"/>
    <xsl:variable name="d" select="number($new/c:dose/c:amount) - number($prev/c:dose/c:amount)"/>
    <xsl:variable name="by" select="format-number($d * (1 - 2 * ($d &lt; 0)), '0.##')"/>
    <xsl:choose>
      <xsl:when test="$med = 'methadone-oral-solution-1mg-ml'">
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

  <!-- A participant reference (c:ParticipantRef): the recipient's own name when it is the
       reader, else the name the document gives, else the code. -->
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

  <!-- A phase of treatment (c:Phase) in words, the same on every
       document that states one. -->
  <xsl:template name="phase-words">
    <xsl:param name="phase"/>
    <xsl:choose>
      <xsl:when test="$phase = 'titration'">Titration: the dose is being set</xsl:when>
      <xsl:otherwise>Stable</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- 2025-03-03 as "Monday 3 March 2025". -->
  <xsl:template name="day-and-date">
    <xsl:param name="d"/>
    <xsl:variable name="y" select="number(substring($d, 1, 4))"/>
    <xsl:variable name="m" select="number(substring($d, 6, 2))"/>
    <xsl:variable name="a" select="floor((14 - $m) div 12)"/>
    <xsl:variable name="yy" select="$y + 4800 - $a"/>
    <xsl:variable name="mm" select="$m + 12 * $a - 3"/>
    <xsl:variable name="jdn" select="number(substring($d, 9, 2)) + floor((153 * $mm + 2) div 5) + 365 * $yy + floor($yy div 4) - floor($yy div 100) + floor($yy div 400) - 32045"/>
    <xsl:call-template name="weekday">
      <xsl:with-param name="d" select="normalize-space(substring($week-days, ($jdn mod 7) * 9 + 1, 9))"/>
    </xsl:call-template>
    <xsl:text> </xsl:text>
    <xsl:call-template name="date">
      <xsl:with-param name="d" select="$d"/>
    </xsl:call-template>
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
