"""The alternative-cause catalogue, as read from alternative_causes.yaml (edit that file, then run
`python tests/test_catalogue_compiled.py`): a literal comes from the bytecode cache, a YAML file is parsed at
every start."""

# ruff: noqa: E501
# fmt: off
CATALOGUE = {
 "version": "1",
 "presentations": {
  "petechiae": {
   "title": "Petechiae / purpura",
   "synonyms": [
    "petechiae",
    "petechia",
    "petechial rash",
    "purpura",
    "purpuric rash",
    "ecchymoses",
    "bruising"
   ],
   "source": "StatPearls \"Petechiae\" (McGrath & Barrett 2023); Relias; Obgynkey",
   "causes": [
    {
     "id": "valsalva",
     "label": "Prolonged straining / Valsalva (coughing, vomiting, lifting, childbirth)",
     "tests": "History; petechiae confined above the nipple line; normal platelet count"
    },
    {
     "id": "pressure-trauma",
     "label": "Local pressure or trauma (tourniquet, BP cuff, tight clothing, injury)",
     "tests": "History; pattern on examination; safeguarding assessment in children"
    },
    {
     "id": "sepsis-meningococcal",
     "label": "Invasive meningococcal disease / bacterial sepsis",
     "tests": "Fever, ill appearance; blood cultures, CRP, lactate; LP as indicated"
    },
    {
     "id": "viral-rickettsial",
     "label": "Viral (enterovirus, EBV, CMV, dengue) or rickettsial infection",
     "tests": "Serology / PCR by exposure"
    },
    {
     "id": "thrombocytopenia-other",
     "label": "Thrombocytopenia of other cause (ITP, leukaemia, marrow failure)",
     "tests": "Full blood count with film"
    },
    {
     "id": "dic",
     "label": "DIC / coagulopathy",
     "tests": "PT/INR, aPTT, fibrinogen, D-dimer"
    },
    {
     "id": "ttp-hus",
     "label": "TTP / HUS",
     "tests": "Film for schistocytes, renal function, LDH, haptoglobin, ADAMTS13"
    },
    {
     "id": "vasculitis",
     "label": "Vasculitis (IgA vasculitis, small-vessel vasculitis)",
     "tests": "Palpable purpura; urinalysis, ANCA, skin biopsy with immunofluorescence"
    },
    {
     "id": "platelet-dysfunction",
     "label": "Platelet dysfunction / von Willebrand disease / uraemia",
     "tests": "VWF antigen and activity, factor VIII, renal function"
    },
    {
     "id": "scurvy-vitamin-k",
     "label": "Scurvy or vitamin K deficiency",
     "tests": "Diet history; vitamin C level; PT"
    },
    {
     "id": "senile-steroid",
     "label": "Senile (actinic) or steroid purpura",
     "tests": "Clinical: elderly, forearms and hands, chronic corticosteroid"
    }
   ]
  },
  "epistaxis": {
   "title": "Epistaxis",
   "synonyms": [
    "epistaxis",
    "nosebleed",
    "nose bleed",
    "nosebleeds",
    "nasal bleeding",
    "bleeding from the nose"
   ],
   "source": "AAO-HNS Clinical Practice Guideline Nosebleed (Tunkel 2020); WikiDoc; family-medicine text",
   "causes": [
    {
     "id": "nose-picking",
     "label": "Digital trauma (nose picking)",
     "tests": "Anterior rhinoscopy: excoriation or crusting at Little's area"
    },
    {
     "id": "dry-air",
     "label": "Mucosal dryness (dry or heated air, nasal oxygen, CPAP)",
     "tests": "History; rhinoscopy for crusting"
    },
    {
     "id": "nasal-trauma",
     "label": "Nasal or facial trauma; recent nasal or sinus surgery",
     "tests": "History; examination, imaging if indicated"
    },
    {
     "id": "rhinitis-urti",
     "label": "Rhinitis, upper respiratory infection, sinusitis, irritants",
     "tests": "Examination of the mucosa"
    },
    {
     "id": "intranasal-drugs",
     "label": "Intranasal drugs (topical corticosteroids, decongestants, cocaine)",
     "tests": "History; septal examination"
    },
    {
     "id": "foreign-body",
     "label": "Foreign body (children)",
     "tests": "Rhinoscopy; unilateral, foul discharge"
    },
    {
     "id": "neoplasm",
     "label": "Neoplasm (angiofibroma, sinonasal tumour)",
     "tests": "Nasal endoscopy, imaging"
    },
    {
     "id": "hht",
     "label": "Hereditary haemorrhagic telangiectasia / vascular malformation",
     "tests": "Family history; mucocutaneous telangiectasia"
    },
    {
     "id": "bleeding-disorder",
     "label": "Bleeding disorder (vWD, haemophilia, thrombocytopenia, liver or kidney disease)",
     "tests": "FBC, PT/INR, aPTT, VWF studies"
    },
    {
     "id": "hypertension",
     "label": "Hypertension",
     "tests": "Blood pressure (association, causality not established)"
    },
    {
     "id": "anticoagulants",
     "label": "Anticoagulant or antiplatelet treatment",
     "tests": "Medication history; INR if on warfarin"
    }
   ]
  },
  "thrombocytopenia": {
   "title": "Thrombocytopenia",
   "synonyms": [
    "thrombocytopenia",
    "thrombocytopaenia",
    "low platelets",
    "low platelet count",
    "immune thrombocytopenia",
    "itp"
   ],
   "source": "Stasi, Hematology ASH Educ Program 2012; Williams Hematology; J Clin Med 2021;10:594",
   "causes": [
    {
     "id": "pseudothrombocytopenia",
     "label": "Pseudothrombocytopenia (EDTA clumping, satellitism)",
     "tests": "Blood film for clumps; repeat count in citrate tube"
    },
    {
     "id": "haemodilution",
     "label": "Haemodilution (massive fluids or transfusion)",
     "tests": "Fluid balance"
    },
    {
     "id": "sepsis-infection",
     "label": "Sepsis / infection (incl. HIV, HCV, EBV, CMV)",
     "tests": "Cultures, viral serology"
    },
    {
     "id": "dic",
     "label": "DIC",
     "tests": "PT, aPTT, fibrinogen, D-dimer"
    },
    {
     "id": "tma",
     "label": "TTP / HUS (thrombotic microangiopathy)",
     "tests": "Film for schistocytes, LDH, haptoglobin, ADAMTS13"
    },
    {
     "id": "hit",
     "label": "Heparin-induced thrombocytopenia (if heparin is not the suspect)",
     "tests": "4Ts score; anti-PF4/heparin immunoassay, functional assay"
    },
    {
     "id": "itp",
     "label": "Primary or secondary ITP (SLE, APS, lymphoproliferative)",
     "tests": "Diagnosis of exclusion; ANA, antiphospholipid antibodies"
    },
    {
     "id": "marrow",
     "label": "Marrow failure or infiltration, MDS, leukaemia, B12/folate deficiency, alcohol",
     "tests": "Film, B12, folate, marrow examination"
    },
    {
     "id": "hypersplenism",
     "label": "Hypersplenism / liver disease",
     "tests": "Examination, ultrasound, liver tests"
    },
    {
     "id": "pregnancy",
     "label": "Pregnancy-related (gestational, HELLP)",
     "tests": "Pregnancy test, BP, liver tests"
    },
    {
     "id": "extracorporeal",
     "label": "Extracorporeal circuits (bypass, ECMO, dialysis)",
     "tests": "History"
    }
   ]
  },
  "rash": {
   "title": "Rash / maculopapular (morbilliform) exanthem",
   "synonyms": [
    "rash",
    "maculopapular rash",
    "morbilliform rash",
    "exanthem",
    "exanthema",
    "drug eruption",
    "skin eruption",
    "erythematous rash"
   ],
   "source": "Keighley, Curr Opin Infect Dis 2015; García García 2010; Duong, Lancet 2017",
   "causes": [
    {
     "id": "viral-exanthem",
     "label": "Viral exanthem (EBV, CMV, HHV-6/7, enterovirus, parvovirus B19, measles, HIV, dengue)",
     "tests": "Prodrome, contacts, travel; serology or PCR by suspected virus"
    },
    {
     "id": "ebv-aminopenicillin",
     "label": "EBV with aminopenicillin rash",
     "tests": "EBV serology"
    },
    {
     "id": "scarlet-fever",
     "label": "Scarlet fever (group A streptococcus)",
     "tests": "Throat swab or rapid test, ASO"
    },
    {
     "id": "syphilis",
     "label": "Secondary syphilis",
     "tests": "Treponemal and non-treponemal serology"
    },
    {
     "id": "other-infections",
     "label": "Mycoplasma, rickettsia, early meningococcaemia, leptospira",
     "tests": "Serology / PCR, cultures"
    },
    {
     "id": "kawasaki",
     "label": "Kawasaki disease (children)",
     "tests": "Clinical criteria, echocardiogram"
    },
    {
     "id": "dress",
     "label": "DRESS rather than simple exanthem",
     "tests": "Eosinophils, liver tests, creatinine; RegiSCAR score"
    },
    {
     "id": "sjs-ten-em",
     "label": "Early SJS/TEN or erythema multiforme",
     "tests": "Mucosae, Nikolsky sign, biopsy; HSV and Mycoplasma tests"
    },
    {
     "id": "gvhd",
     "label": "Acute graft-versus-host disease (after transplant)",
     "tests": "Skin biopsy"
    },
    {
     "id": "other-dermatoses",
     "label": "Pityriasis rosea, connective-tissue disease, contact or photodermatitis",
     "tests": "Clinical; ANA as indicated"
    }
   ]
  },
  "urticaria": {
   "title": "Urticaria / angioedema",
   "synonyms": [
    "urticaria",
    "hives",
    "wheals",
    "angioedema",
    "angio-oedema",
    "angioneurotic oedema"
   ],
   "source": "Kanani, Allergy Asthma Clin Immunol 2018; Medscape; HAEnet",
   "causes": [
    {
     "id": "food",
     "label": "Food allergy",
     "tests": "History (minutes to 2 h after food); specific IgE or skin prick test"
    },
    {
     "id": "venom",
     "label": "Insect sting / venom",
     "tests": "History; venom-specific IgE"
    },
    {
     "id": "infection",
     "label": "Infection-associated urticaria (viral URTI)",
     "tests": "Clinical"
    },
    {
     "id": "inducible",
     "label": "Inducible (physical) urticaria: cold, pressure, dermographism, cholinergic",
     "tests": "Provocation tests (ice cube, dermographometer)"
    },
    {
     "id": "chronic-spontaneous",
     "label": "Chronic spontaneous urticaria",
     "tests": "Wheals for more than 6 weeks"
    },
    {
     "id": "contact",
     "label": "Contact urticaria (e.g. latex)",
     "tests": "History; latex IgE"
    },
    {
     "id": "urticarial-vasculitis",
     "label": "Urticarial vasculitis",
     "tests": "Wheals > 24 h, bruising; skin biopsy, complement"
    },
    {
     "id": "hae",
     "label": "Hereditary angioedema (C1-INH deficiency)",
     "tests": "No wheals or itch, family history; C4, C1-INH antigen and function"
    },
    {
     "id": "acquired-c1inh",
     "label": "Acquired C1-INH deficiency",
     "tests": "C1q, C4, C1-INH"
    },
    {
     "id": "bradykinin-drug",
     "label": "Bradykinin-mediated drug angioedema (ACE inhibitor, DPP-4 inhibitor)",
     "tests": "Medication history; C4 and C1-INH normal"
    },
    {
     "id": "mastocytosis",
     "label": "Mastocytosis / mast-cell activation",
     "tests": "Baseline serum tryptase"
    }
   ]
  },
  "liver-injury": {
   "title": "Drug-induced liver injury (RUCAM Groups I and II, plus others)",
   "synonyms": [
    "liver injury",
    "hepatotoxicity",
    "hepatitis",
    "drug-induced liver injury",
    "dili",
    "raised liver enzymes",
    "elevated transaminases",
    "transaminitis",
    "cholestasis",
    "jaundice",
    "hepatic failure",
    "liver failure",
    "abnormal liver function"
   ],
   "source": "Danan & Teschke, Int J Mol Sci 2016 (RUCAM Groups I and II); LiverTox",
   "causes": [
    {
     "id": "hav",
     "label": "Hepatitis A (RUCAM Group I)",
     "tests": "anti-HAV IgM"
    },
    {
     "id": "hbv",
     "label": "Hepatitis B (RUCAM Group I)",
     "tests": "HBsAg, anti-HBc IgM, HBV DNA"
    },
    {
     "id": "hcv",
     "label": "Hepatitis C (RUCAM Group I)",
     "tests": "anti-HCV, HCV RNA"
    },
    {
     "id": "hev",
     "label": "Hepatitis E (RUCAM Group I)",
     "tests": "anti-HEV IgM and IgG, HEV RNA"
    },
    {
     "id": "obstruction",
     "label": "Hepatobiliary obstruction or vascular disease (RUCAM Group I)",
     "tests": "Ultrasound, Doppler, CT or MRC"
    },
    {
     "id": "alcoholism",
     "label": "Alcoholism (RUCAM Group I)",
     "tests": "History; AST/ALT >= 2"
    },
    {
     "id": "hypotension",
     "label": "Acute recent hypotension (RUCAM Group I)",
     "tests": "History, especially with heart disease"
    },
    {
     "id": "underlying-disease",
     "label": "Underlying disease: sepsis, metastases, autoimmune hepatitis, chronic B/C, PBC, PSC, genetic (RUCAM Group II)",
     "tests": "Clinical, autoantibodies, IgG, imaging, genetics"
    },
    {
     "id": "cmv",
     "label": "CMV (RUCAM Group II)",
     "tests": "PCR, anti-CMV IgM/IgG titre change"
    },
    {
     "id": "ebv",
     "label": "EBV (RUCAM Group II)",
     "tests": "PCR, anti-EBV IgM/IgG titre change"
    },
    {
     "id": "hsv",
     "label": "HSV (RUCAM Group II)",
     "tests": "PCR, anti-HSV IgM/IgG titre change"
    },
    {
     "id": "vzv",
     "label": "VZV (RUCAM Group II)",
     "tests": "PCR, anti-VZV IgM/IgG titre change"
    },
    {
     "id": "wilson",
     "label": "Wilson disease",
     "tests": "Ceruloplasmin, 24-h urine copper, slit lamp"
    },
    {
     "id": "non-hepatic-ast-alt",
     "label": "Non-hepatic source of AST/ALT (rhabdomyolysis, myositis)",
     "tests": "Creatine kinase"
    }
   ]
  },
  "aki": {
   "title": "Acute kidney injury",
   "synonyms": [
    "acute kidney injury",
    "aki",
    "acute renal failure",
    "renal failure",
    "raised creatinine",
    "nephrotoxicity",
    "kidney injury"
   ],
   "source": "KDIGO AKI guideline 2012; BMJ Best Practice; Harrison's",
   "causes": [
    {
     "id": "prerenal",
     "label": "Prerenal: hypovolaemia, heart failure, cirrhosis / hepatorenal",
     "tests": "Volume status, BUN:creatinine, FENa, response to fluid"
    },
    {
     "id": "obstruction",
     "label": "Post-renal obstruction",
     "tests": "Bladder scan, renal ultrasound for hydronephrosis"
    },
    {
     "id": "sepsis-atn",
     "label": "Sepsis-associated AKI / ischaemic ATN",
     "tests": "Cultures; urine sediment (muddy-brown casts)"
    },
    {
     "id": "rhabdomyolysis",
     "label": "Rhabdomyolysis / pigment nephropathy",
     "tests": "Creatine kinase; dipstick haem with few red cells"
    },
    {
     "id": "gn-vasculitis",
     "label": "Glomerulonephritis / vasculitis",
     "tests": "Urine microscopy (red-cell casts), ANCA, anti-GBM, ANA, complement"
    },
    {
     "id": "tma-hypertension",
     "label": "Thrombotic microangiopathy, malignant hypertension, scleroderma crisis",
     "tests": "Film, platelets, LDH, blood pressure"
    },
    {
     "id": "renovascular",
     "label": "Renovascular: thrombosis, atheroembolism after catheterisation",
     "tests": "Doppler; eosinophils"
    },
    {
     "id": "contrast",
     "label": "Contrast exposure (if contrast is not the suspect)",
     "tests": "History: onset 24-72 h after contrast"
    },
    {
     "id": "myeloma",
     "label": "Myeloma cast nephropathy",
     "tests": "Serum free light chains, SPEP"
    },
    {
     "id": "tumour-lysis",
     "label": "Tumour lysis syndrome",
     "tests": "Urate, potassium, phosphate"
    },
    {
     "id": "pseudo-aki",
     "label": "Pseudo-AKI: blocked creatinine secretion or assay interference",
     "tests": "Cystatin C or measured GFR"
    }
   ]
  },
  "qt-prolongation": {
   "title": "QT prolongation / torsade de pointes",
   "synonyms": [
    "qt prolongation",
    "long qt",
    "prolonged qt",
    "qtc prolongation",
    "torsade de pointes",
    "torsades de pointes",
    "torsades"
   ],
   "source": "Drew et al., Circulation 2010; risk-factor tables (PMC7141471; Postgrad Med J)",
   "causes": [
    {
     "id": "hypokalaemia",
     "label": "Hypokalaemia",
     "tests": "Serum potassium"
    },
    {
     "id": "hypomagnesaemia",
     "label": "Hypomagnesaemia",
     "tests": "Serum magnesium"
    },
    {
     "id": "hypocalcaemia",
     "label": "Hypocalcaemia",
     "tests": "Serum (ionised) calcium"
    },
    {
     "id": "congenital-lqts",
     "label": "Congenital long-QT syndrome",
     "tests": "Prior ECGs, family history, genetic testing"
    },
    {
     "id": "bradycardia",
     "label": "Bradycardia / AV block (or correction-formula error)",
     "tests": "ECG; manual QT with another correction"
    },
    {
     "id": "structural",
     "label": "Structural heart disease (heart failure, LVH, acute coronary syndrome)",
     "tests": "Echocardiogram, troponin"
    },
    {
     "id": "hypothyroidism",
     "label": "Hypothyroidism",
     "tests": "TSH"
    },
    {
     "id": "intracranial",
     "label": "Acute intracranial event (SAH, stroke, head trauma)",
     "tests": "Neurological examination, CT"
    },
    {
     "id": "other-qt-drugs",
     "label": "Other QT-prolonging or interacting drugs (CYP inhibitors)",
     "tests": "Medication reconciliation against CredibleMeds lists"
    },
    {
     "id": "artefact",
     "label": "Measurement artefact (bundle branch block, pacing, U wave)",
     "tests": "Manual re-measurement; JT interval"
    },
    {
     "id": "other",
     "label": "Others: starvation, hypoglycaemia, phaeochromocytoma, dialysis, hypothermia",
     "tests": "Glucose, temperature, history"
    }
   ]
  },
  "hyponatraemia": {
   "title": "Hyponatraemia",
   "synonyms": [
    "hyponatraemia",
    "hyponatremia",
    "low sodium",
    "siadh",
    "siad"
   ],
   "source": "Spasovski et al., Eur J Endocrinol 2014 (European guideline); Milionis, CMAJ 2002",
   "causes": [
    {
     "id": "pseudo",
     "label": "Pseudohyponatraemia (severe hyperlipidaemia or hyperproteinaemia)",
     "tests": "Serum osmolality; direct-ISE (blood-gas) sodium"
    },
    {
     "id": "hypertonic",
     "label": "Hypertonic / translocational (hyperglycaemia, mannitol)",
     "tests": "Glucose, measured osmolality"
    },
    {
     "id": "extrarenal-loss",
     "label": "Extrarenal losses (vomiting, diarrhoea)",
     "tests": "Volume examination; urine sodium <= 30 mmol/L"
    },
    {
     "id": "diuretics",
     "label": "Diuretics (if not the suspect)",
     "tests": "History; urine sodium"
    },
    {
     "id": "hypervolaemic",
     "label": "Heart failure, cirrhosis, nephrotic syndrome",
     "tests": "Oedema; BNP, liver tests, albumin, urine protein"
    },
    {
     "id": "siad-other",
     "label": "SIAD from non-drug causes (malignancy, pneumonia, CNS disease, pain, nausea)",
     "tests": "Urine osmolality and sodium, chest imaging"
    },
    {
     "id": "adrenal",
     "label": "Secondary adrenal insufficiency",
     "tests": "Morning cortisol, stimulation test"
    },
    {
     "id": "hypothyroidism",
     "label": "Severe hypothyroidism",
     "tests": "TSH"
    },
    {
     "id": "polydipsia",
     "label": "Primary polydipsia / low solute intake",
     "tests": "Urine osmolality <= 100 mOsm/kg"
    },
    {
     "id": "other",
     "label": "Exercise-associated, salt wasting, advanced CKD",
     "tests": "History, renal function"
    }
   ]
  },
  "hypoglycaemia": {
   "title": "Hypoglycaemia",
   "synonyms": [
    "hypoglycaemia",
    "hypoglycemia",
    "low blood sugar",
    "low glucose"
   ],
   "source": "Cryer et al., Endocrine Society guideline, J Clin Endocrinol Metab 2009; Endotext",
   "causes": [
    {
     "id": "exogenous-insulin",
     "label": "Exogenous insulin (accidental, surreptitious, malicious)",
     "tests": "Insulin, C-peptide, proinsulin during hypoglycaemia"
    },
    {
     "id": "sulfonylurea",
     "label": "Sulfonylurea / meglitinide (incl. dispensing error)",
     "tests": "Plasma oral hypoglycaemic agent screen"
    },
    {
     "id": "alcohol",
     "label": "Alcohol",
     "tests": "History, ethanol level"
    },
    {
     "id": "critical-illness",
     "label": "Critical illness: sepsis, hepatic, renal or cardiac failure, malnutrition",
     "tests": "Clinical, liver tests, creatinine"
    },
    {
     "id": "hormone-deficiency",
     "label": "Hormone deficiency (cortisol, growth hormone)",
     "tests": "Cortisol, ACTH stimulation"
    },
    {
     "id": "nicth",
     "label": "Non-islet-cell tumour (IGF-II-mediated)",
     "tests": "IGF-II:IGF-I ratio"
    },
    {
     "id": "endogenous-hyperinsulinism",
     "label": "Endogenous hyperinsulinism (insulinoma, post-bariatric)",
     "tests": "Insulin, C-peptide, proinsulin, beta-hydroxybutyrate during glucose < 3.0 mmol/L"
    },
    {
     "id": "insulin-autoimmune",
     "label": "Insulin autoimmune syndrome",
     "tests": "Insulin antibodies"
    },
    {
     "id": "spurious",
     "label": "Spurious low glucose (delayed processing, leukocytosis, poor perfusion)",
     "tests": "Repeat laboratory venous glucose; Whipple's triad"
    }
   ]
  },
  "neutropenia": {
   "title": "Neutropenia / agranulocytosis",
   "synonyms": [
    "neutropenia",
    "neutropaenia",
    "agranulocytosis",
    "low neutrophils",
    "febrile neutropenia",
    "leukopenia",
    "leucopenia"
   ],
   "source": "ASH table \"Causes of neutropenia in adults\"; PMC8432397; Dale, Williams Hematology ch. 71",
   "causes": [
    {
     "id": "benign-ethnic",
     "label": "Benign ethnic / constitutional neutropenia",
     "tests": "Previous counts; ethnicity-appropriate reference range"
    },
    {
     "id": "infection",
     "label": "Infection-associated (HIV, EBV, CMV, hepatitis, influenza, sepsis)",
     "tests": "Viral serology or PCR, cultures; repeat count"
    },
    {
     "id": "nutritional",
     "label": "Nutritional: B12, folate, copper deficiency",
     "tests": "B12, folate, copper"
    },
    {
     "id": "autoimmune",
     "label": "Autoimmune: primary, SLE, rheumatoid arthritis / Felty",
     "tests": "ANA, RF; anti-neutrophil antibody"
    },
    {
     "id": "lgl",
     "label": "Large granular lymphocyte leukaemia",
     "tests": "Flow cytometry, TCR clonality"
    },
    {
     "id": "marrow",
     "label": "Acute leukaemia, MDS, marrow infiltration, aplastic anaemia",
     "tests": "Film; bone marrow"
    },
    {
     "id": "hypersplenism",
     "label": "Hypersplenism",
     "tests": "Examination, ultrasound"
    },
    {
     "id": "cyclic",
     "label": "Cyclic neutropenia",
     "tests": "Serial counts over about 6 weeks"
    },
    {
     "id": "chronic-idiopathic",
     "label": "Chronic idiopathic neutropenia",
     "tests": "Diagnosis of exclusion, >= 3 months"
    }
   ]
  },
  "anaphylaxis": {
   "title": "Anaphylaxis",
   "synonyms": [
    "anaphylaxis",
    "anaphylactic reaction",
    "anaphylactic shock",
    "anaphylactoid reaction"
   ],
   "source": "World Allergy Organization anaphylaxis guidelines 2011; ICON 2016; Valent et al. 2019",
   "causes": [
    {
     "id": "other-trigger",
     "label": "Other trigger: food, venom, latex, exercise, another drug or excipient",
     "tests": "Timeline; specific IgE or skin tests later"
    },
    {
     "id": "vasovagal",
     "label": "Vasovagal reaction",
     "tests": "Bradycardia, pallor, no urticaria; tryptase not raised"
    },
    {
     "id": "asthma",
     "label": "Acute asthma",
     "tests": "Examination; tryptase"
    },
    {
     "id": "panic-vcd",
     "label": "Panic attack, vocal cord dysfunction",
     "tests": "Examination; laryngoscopy; tryptase normal"
    },
    {
     "id": "flushing",
     "label": "Flushing syndromes (carcinoid, red-man, alcohol, menopause)",
     "tests": "Urine 5-HIAA, chromogranin; infusion history"
    },
    {
     "id": "scombroid",
     "label": "Scombroid, MSG, sulfites",
     "tests": "Food history; several diners affected"
    },
    {
     "id": "mastocytosis",
     "label": "Mastocytosis / clonal mast-cell disorder",
     "tests": "Baseline tryptase; KIT D816V"
    },
    {
     "id": "non-allergic-angioedema",
     "label": "Non-allergic angioedema (HAE, ACE inhibitor)",
     "tests": "C4, C1-INH"
    },
    {
     "id": "other-shock",
     "label": "Other shock: septic, cardiogenic, hypovolaemic, pulmonary embolism",
     "tests": "ECG, troponin, lactate, echocardiogram"
    },
    {
     "id": "seizure-stroke-hypoglycaemia",
     "label": "Seizure, stroke, hypoglycaemia",
     "tests": "Neurological examination, glucose"
    }
   ]
  }
 },
 "generic": {
  "title": "General alternative causes",
  "note": "A general checklist is shown; add the causes you considered.",
  "causes": [
   {
    "id": "underlying-disease",
    "label": "The underlying disease or its progression",
    "tests": "Clinical course, disease markers"
   },
   {
    "id": "new-illness",
    "label": "A new, unrelated illness",
    "tests": "History, examination, targeted tests"
   },
   {
    "id": "infection",
    "label": "Infection",
    "tests": "Temperature, cultures, serology as indicated"
   },
   {
    "id": "procedure",
    "label": "A procedure, device or trauma",
    "tests": "History"
   },
   {
    "id": "diet-toxin",
    "label": "Food, alcohol, herbal products or toxins",
    "tests": "History, levels as indicated"
   },
   {
    "id": "non-adherence",
    "label": "Withdrawal or non-adherence of another treatment",
    "tests": "Medication history"
   }
  ]
 }
}
