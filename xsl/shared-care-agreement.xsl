<?xml version="1.0" encoding="UTF-8"?>
<!--
  SPDX-License-Identifier: MIT
  The shared-care-agreement rendition ("agreement") for the GP practice
  and the community pharmacy: the agreement the three parties keep, to the
  layout vocabulary (schemas/layout.xsd). One stylesheet serves both
  roles; the note at the head says what the receiving party is asked to do.
  Order: letterhead and address, the parties, the patient's treatment,
  each party's responsibilities, review, consent, the conditions for
  returning care to the specialist service, then the signature blocks,
  kept together. Read by carexd (compiled once) and by integrators with
  xsltproc; page furniture and wording of shared types come from
  common.xsl.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:c="urn:carex:doc:1"
                xmlns:l="urn:carex:layout:1"
                exclude-result-prefixes="c">

  <xsl:import href="common.xsl"/>

  <!-- The practice that prescribes under the agreement (registry.xml
       party "issuer"), from the directory; see common.xsl. -->
  <xsl:param name="party-issuer-code" select="''"/>
  <xsl:param name="party-issuer-name" select="''"/>
  <xsl:param name="party-issuer-phone" select="''"/>
  <xsl:param name="party-issuer-ooh" select="''"/>

  <xsl:template name="document">
    <xsl:apply-templates select="c:shared-care-agreement"/>
  </xsl:template>

  <xsl:template match="c:shared-care-agreement">
    <xsl:variable name="patient-name">
      <xsl:call-template name="person-name">
        <xsl:with-param name="n" select="c:patient/c:name"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="chi">
      <xsl:call-template name="chi">
        <xsl:with-param name="chi" select="c:patient/c:chi"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="start">
      <xsl:call-template name="date">
        <xsl:with-param name="d" select="c:start-date"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="adrs" select="c:parties/c:adrs/c:name"/>

    <l:document>
      <xsl:call-template name="document-attributes">
        <xsl:with-param name="title" select="concat('Shared care agreement: ', $patient-name)"/>
        <xsl:with-param name="subject" select="'Medication Assisted Treatment shared with primary care (MAT Standard 7)'"/>
      </xsl:call-template>
      <xsl:call-template name="running">
        <xsl:with-param name="header-left">
          <xsl:choose>
            <xsl:when test="$sender-name != ''"><xsl:value-of select="$sender-name"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="$adrs"/></xsl:otherwise>
          </xsl:choose>
        </xsl:with-param>
        <xsl:with-param name="header-right" select="concat('Shared care agreement – CHI ', $chi)"/>
        <xsl:with-param name="footer">
          <xsl:value-of select="$patient-name"/>
          <xsl:if test="c:reference">
            <xsl:value-of select="concat(' – agreement ', c:reference)"/>
          </xsl:if>
        </xsl:with-param>
      </xsl:call-template>
      <l:body>
        <xsl:call-template name="replaces-notice"/>
        <xsl:call-template name="letterhead"/>
        <xsl:call-template name="recipient-address">
          <xsl:with-param name="addressee">
            <xsl:choose>
              <xsl:when test="$role = 'gp'">
                <xsl:call-template name="person-name">
                  <xsl:with-param name="n" select="c:parties/c:gp-practice/c:contact/c:name"/>
                </xsl:call-template>
              </xsl:when>
              <xsl:when test="$role = 'pharmacy'">
                <xsl:call-template name="person-name">
                  <xsl:with-param name="n" select="c:parties/c:pharmacy/c:contact/c:name"/>
                </xsl:call-template>
              </xsl:when>
            </xsl:choose>
          </xsl:with-param>
        </xsl:call-template>
        <l:para align="right">
          <xsl:call-template name="date">
            <xsl:with-param name="d" select="c:header/c:issued"/>
          </xsl:call-template>
        </l:para>
        <l:spacer height="6"/>

        <l:heading level="1">Medication Assisted Treatment: shared care agreement</l:heading>
        <l:para align="justify">
          <xsl:text>This agreement is between </xsl:text>
          <l:b><xsl:value-of select="$patient-name"/></l:b>
          <xsl:text>, </xsl:text>
          <xsl:value-of select="$adrs"/>
          <xsl:text>, </xsl:text>
          <xsl:value-of select="c:parties/c:gp-practice/c:name"/>
          <xsl:choose>
            <xsl:when test="c:parties/c:recovery-partner">
              <xsl:text>, </xsl:text>
              <xsl:value-of select="c:parties/c:pharmacy/c:name"/>
              <xsl:text> and </xsl:text>
              <xsl:value-of select="c:parties/c:recovery-partner/c:name"/>
            </xsl:when>
            <xsl:otherwise>
              <xsl:text> and </xsl:text>
              <xsl:value-of select="c:parties/c:pharmacy/c:name"/>
            </xsl:otherwise>
          </xsl:choose>
          <xsl:text>. It sets out who does what while the patient’s Medication Assisted Treatment is shared between the specialist service and primary care (MAT Standard 7), from </xsl:text>
          <l:b><xsl:value-of select="$start"/></l:b>
          <xsl:text>.</xsl:text>
          <xsl:if test="c:reference">
            <xsl:text> Agreement reference: </xsl:text>
            <xsl:value-of select="c:reference"/>
            <xsl:text>.</xsl:text>
          </xsl:if>
        </l:para>

        <xsl:call-template name="action-note">
          <xsl:with-param name="start" select="$start"/>
        </xsl:call-template>

        <l:heading level="2">Patient</l:heading>
        <l:form label-width="30">
          <l:field label="Name"><xsl:value-of select="$patient-name"/></l:field>
          <l:field label="CHI number"><xsl:value-of select="$chi"/></l:field>
          <l:field label="Date of birth">
            <xsl:call-template name="date">
              <xsl:with-param name="d" select="c:patient/c:date-of-birth"/>
            </xsl:call-template>
          </l:field>
          <xsl:if test="c:patient/c:address">
            <l:field label="Address">
              <xsl:call-template name="address-inline">
                <xsl:with-param name="a" select="c:patient/c:address"/>
              </xsl:call-template>
            </l:field>
          </xsl:if>
          <xsl:if test="c:patient/c:phone">
            <l:field label="Telephone"><xsl:value-of select="c:patient/c:phone"/></l:field>
          </xsl:if>
        </l:form>

        <l:heading level="2">The parties</l:heading>
        <l:table widths="1.5 2.2 2.8 1.4" header-rows="1" border="grid">
          <l:row>
            <l:cell>Party</l:cell>
            <l:cell>Organisation</l:cell>
            <l:cell>Named contact</l:cell>
            <l:cell>Telephone</l:cell>
          </l:row>
          <xsl:apply-templates select="c:parties/c:adrs" mode="party-row">
            <xsl:with-param name="party" select="'Specialist service'"/>
          </xsl:apply-templates>
          <xsl:apply-templates select="c:parties/c:gp-practice" mode="party-row">
            <xsl:with-param name="party" select="'GP practice'"/>
          </xsl:apply-templates>
          <xsl:apply-templates select="c:parties/c:pharmacy" mode="party-row">
            <xsl:with-param name="party" select="'Community pharmacy'"/>
          </xsl:apply-templates>
          <xsl:apply-templates select="c:parties/c:recovery-partner" mode="party-row">
            <xsl:with-param name="party" select="'Recovery partner'"/>
          </xsl:apply-templates>
        </l:table>
        <!-- The pharmacy calls the prescribing practice first; the
             practice's own copy needs only the specialist service's. -->
        <xsl:if test="$role = 'pharmacy'">
          <xsl:call-template name="out-of-hours">
            <xsl:with-param name="who">
              <xsl:choose>
                <xsl:when test="$party-issuer-name != ''"><xsl:value-of select="$party-issuer-name"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="c:parties/c:gp-practice/c:name"/></xsl:otherwise>
              </xsl:choose>
            </xsl:with-param>
            <xsl:with-param name="route" select="$party-issuer-ooh"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:call-template name="out-of-hours"/>

        <xsl:apply-templates select="c:treatment"/>
        <xsl:apply-templates select="c:responsibilities"/>
        <xsl:apply-templates select="c:review"/>
        <xsl:apply-templates select="c:consent">
          <xsl:with-param name="patient-name" select="$patient-name"/>
        </xsl:apply-templates>
        <xsl:apply-templates select="c:return-to-specialist"/>
        <xsl:apply-templates select="c:signatures"/>
      </l:body>
    </l:document>
  </xsl:template>

  <!-- What the receiving party is asked to do with its copy. -->
  <xsl:template name="action-note">
    <xsl:param name="start"/>
    <xsl:variable name="adrs" select="/c:shared-care-agreement/c:parties/c:adrs"/>
    <xsl:variable name="adrs-contact">
      <xsl:call-template name="person-name">
        <xsl:with-param name="n" select="$adrs/c:contact/c:name"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$role = 'gp'">
        <l:box tone="note">
          <l:para><l:b>For the GP practice.</l:b> Prescribing and medical review pass to the practice from <xsl:value-of select="$start"/>. Please sign the agreement below, return a signed copy to <xsl:value-of select="$adrs-contact"/> at <xsl:value-of select="$adrs/c:name"/>, and keep this copy in the patient’s record.</l:para>
        </l:box>
      </xsl:when>
      <xsl:when test="$role = 'pharmacy'">
        <l:box tone="note">
          <l:para><l:b>For the pharmacy.</l:b> From <xsl:value-of select="$start"/> prescriptions for this patient come from <xsl:value-of select="/c:shared-care-agreement/c:parties/c:gp-practice/c:name"/><xsl:if test="$party-issuer-phone != ''"><xsl:text> (</xsl:text><xsl:call-template name="keep-numbers"><xsl:with-param name="s" select="$party-issuer-phone"/></xsl:call-template><xsl:text>)</xsl:text></xsl:if>, the prescriber to contact before dispensing again after missed doses. Please sign the agreement below, return a signed copy to <xsl:value-of select="$adrs-contact"/> at <xsl:value-of select="$adrs/c:name"/>, and report missed and withheld doses as set out under your responsibilities.</l:para>
        </l:box>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- One row of the parties table. -->
  <xsl:template match="c:adrs | c:gp-practice | c:pharmacy | c:recovery-partner" mode="party-row">
    <xsl:param name="party"/>
    <l:row>
      <l:cell><xsl:value-of select="$party"/></l:cell>
      <l:cell><xsl:value-of select="c:name"/></l:cell>
      <l:cell>
        <l:b>
          <xsl:call-template name="person-name">
            <xsl:with-param name="n" select="c:contact/c:name"/>
          </xsl:call-template>
        </l:b>
        <l:br/>
        <xsl:value-of select="c:contact/c:role"/>
        <xsl:if test="c:contact/c:registration">
          <l:br/>
          <xsl:value-of select="concat(c:contact/c:registration/@body, ' ', c:contact/c:registration)"/>
        </xsl:if>
      </l:cell>
      <l:cell><xsl:value-of select="c:contact/c:phone"/></l:cell>
    </l:row>
  </xsl:template>

  <xsl:template match="c:treatment">
    <l:heading level="2">Current treatment</l:heading>
    <l:form label-width="30">
      <l:field label="Medication">
        <xsl:call-template name="medication">
          <xsl:with-param name="m" select="c:medication"/>
        </xsl:call-template>
      </l:field>
      <l:field label="Dose">
        <xsl:call-template name="dose">
          <xsl:with-param name="d" select="c:dose"/>
        </xsl:call-template>
        <xsl:choose>
          <xsl:when test="c:medication = 'buprenorphine-lai-weekly'"> by injection once a week</xsl:when>
          <xsl:when test="c:medication = 'buprenorphine-lai-monthly'"> by injection once a month</xsl:when>
          <xsl:otherwise> daily</xsl:otherwise>
        </xsl:choose>
      </l:field>
      <xsl:if test="c:supervised-days">
        <l:field label="Supervised consumption">
          <xsl:call-template name="weekdays">
            <xsl:with-param name="days" select="c:supervised-days/c:day"/>
          </xsl:call-template>
        </l:field>
      </xsl:if>
      <xsl:if test="c:arrangement">
        <l:field label="Dispensing arrangement"><xsl:value-of select="c:arrangement"/></l:field>
      </xsl:if>
      <xsl:if test="c:in-treatment-since">
        <l:field label="In treatment since">
          <xsl:call-template name="date">
            <xsl:with-param name="d" select="c:in-treatment-since"/>
          </xsl:call-template>
        </l:field>
      </xsl:if>
    </l:form>
    <l:para size="9"><l:i>Changes to the prescription after this agreement are sent separately as prescription changes.</l:i></l:para>
  </xsl:template>

  <xsl:template match="c:responsibilities">
    <xsl:variable name="p" select="/c:shared-care-agreement/c:parties"/>
    <l:heading level="2">Responsibilities</l:heading>
    <xsl:apply-templates select="c:gp-practice" mode="duties">
      <xsl:with-param name="title" select="concat('The GP practice: ', $p/c:gp-practice/c:name)"/>
    </xsl:apply-templates>
    <xsl:apply-templates select="c:adrs" mode="duties">
      <xsl:with-param name="title" select="concat('The specialist service: ', $p/c:adrs/c:name)"/>
    </xsl:apply-templates>
    <xsl:apply-templates select="c:recovery-partner" mode="duties">
      <xsl:with-param name="title" select="concat('The recovery partner: ', $p/c:recovery-partner/c:name)"/>
    </xsl:apply-templates>
    <xsl:apply-templates select="c:pharmacy" mode="duties">
      <xsl:with-param name="title" select="concat('The community pharmacy: ', $p/c:pharmacy/c:name)"/>
    </xsl:apply-templates>
    <xsl:apply-templates select="c:patient" mode="duties">
      <xsl:with-param name="title" select="'The patient'"/>
    </xsl:apply-templates>
  </xsl:template>

  <xsl:template match="*" mode="duties">
    <xsl:param name="title"/>
    <l:heading level="3"><xsl:value-of select="$title"/></l:heading>
    <l:list style="bullet" align="justify">
      <xsl:for-each select="c:item">
        <l:item><xsl:value-of select="."/></l:item>
      </xsl:for-each>
    </l:list>
  </xsl:template>

  <xsl:template match="c:review">
    <l:heading level="2">Review</l:heading>
    <l:para align="justify">
      <xsl:text>This agreement is reviewed every </xsl:text>
      <l:b>
        <xsl:value-of select="c:frequency"/>
        <xsl:text> </xsl:text>
        <xsl:choose>
          <xsl:when test="c:frequency = 1 and c:frequency/@unit = 'months'">month</xsl:when>
          <xsl:when test="c:frequency = 1">week</xsl:when>
          <xsl:otherwise><xsl:value-of select="c:frequency/@unit"/></xsl:otherwise>
        </xsl:choose>
      </l:b>
      <xsl:choose>
        <xsl:when test="c:lead = 'gp-practice'">, led by the GP practice</xsl:when>
        <xsl:when test="c:lead = 'adrs'">, led by the specialist service</xsl:when>
        <xsl:otherwise>, jointly by the GP practice and the specialist service</xsl:otherwise>
      </xsl:choose>
      <xsl:text>. The next review is due by </xsl:text>
      <l:b>
        <xsl:call-template name="date">
          <xsl:with-param name="d" select="c:review-date"/>
        </xsl:call-template>
      </l:b>
      <xsl:text>.</xsl:text>
    </l:para>
    <xsl:call-template name="paras">
      <xsl:with-param name="ps" select="c:arrangements"/>
      <xsl:with-param name="align" select="'justify'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="c:consent">
    <xsl:param name="patient-name"/>
    <l:heading level="2">Consent to share information</l:heading>
    <l:checkbox checked="{c:given = 'yes'}">
      <xsl:value-of select="$patient-name"/>
      <xsl:text> consents to the parties to this agreement sharing information about their treatment and care with each other.</xsl:text>
    </l:checkbox>
    <xsl:if test="c:given = 'yes'">
      <l:para>
        <xsl:text>Consent given</xsl:text>
        <xsl:if test="c:date">
          <xsl:text> on </xsl:text>
          <xsl:call-template name="date">
            <xsl:with-param name="d" select="c:date"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:choose>
          <xsl:when test="c:recorded = 'signed-form'">, recorded on a signed consent form</xsl:when>
          <xsl:when test="c:recorded = 'verbal-witnessed'">, given verbally, witnessed and noted</xsl:when>
          <xsl:otherwise>, recorded in the electronic clinical record</xsl:otherwise>
        </xsl:choose>
        <xsl:if test="c:recorded-by">
          <xsl:value-of select="concat(' by ', c:recorded-by)"/>
        </xsl:if>
        <xsl:text>.</xsl:text>
      </l:para>
    </xsl:if>
    <xsl:if test="c:scope">
      <l:para keep-with-next="true">The information shared is:</l:para>
      <l:list style="bullet">
        <xsl:for-each select="c:scope/c:item">
          <l:item><xsl:value-of select="."/></l:item>
        </xsl:for-each>
      </l:list>
    </xsl:if>
    <l:para size="9"><l:i>The patient may withdraw consent at any time; shared care then ends and care returns to the specialist service.</l:i></l:para>
  </xsl:template>

  <xsl:template match="c:return-to-specialist">
    <l:heading level="2">Returning care to the specialist service</l:heading>
    <l:para align="justify" keep-with-next="true">
      <xsl:text>Care returns to </xsl:text>
      <xsl:value-of select="/c:shared-care-agreement/c:parties/c:adrs/c:name"/>
      <xsl:text>, which takes over prescribing without a gap, when:</xsl:text>
    </l:para>
    <l:list style="bullet" align="justify">
      <xsl:for-each select="c:condition">
        <l:item><xsl:value-of select="."/></l:item>
      </xsl:for-each>
    </l:list>
  </xsl:template>

  <!-- Heading, declaration and signature blocks on one page. -->
  <xsl:template match="c:signatures">
    <l:group>
      <l:heading level="2">Signatures</l:heading>
      <l:para>By signing, each party agrees to this shared care agreement and to the responsibilities set out above.</l:para>
      <l:spacer height="6"/>
      <l:signatures>
        <xsl:apply-templates select="c:patient" mode="signature">
          <xsl:with-param name="party" select="'Patient'"/>
        </xsl:apply-templates>
        <xsl:apply-templates select="c:gp" mode="signature">
          <xsl:with-param name="party" select="'GP'"/>
        </xsl:apply-templates>
        <xsl:apply-templates select="c:adrs" mode="signature">
          <xsl:with-param name="party" select="'Specialist service'"/>
        </xsl:apply-templates>
        <xsl:apply-templates select="c:pharmacist" mode="signature">
          <xsl:with-param name="party" select="'Pharmacist'"/>
        </xsl:apply-templates>
        <xsl:apply-templates select="c:recovery-worker" mode="signature">
          <xsl:with-param name="party" select="'Recovery worker'"/>
        </xsl:apply-templates>
      </l:signatures>
    </l:group>
  </xsl:template>

  <xsl:template match="*" mode="signature">
    <xsl:param name="party"/>
    <l:signature party="{$party}">
      <xsl:attribute name="name">
        <xsl:call-template name="person-name">
          <xsl:with-param name="n" select="c:name"/>
        </xsl:call-template>
      </xsl:attribute>
      <xsl:if test="c:role">
        <xsl:attribute name="role"><xsl:value-of select="c:role"/></xsl:attribute>
      </xsl:if>
      <xsl:if test="c:signed">
        <xsl:attribute name="date">
          <xsl:call-template name="date">
            <xsl:with-param name="d" select="c:signed"/>
          </xsl:call-template>
        </xsl:attribute>
      </xsl:if>
    </l:signature>
  </xsl:template>
</xsl:stylesheet>
