"""The peer benchmark's three programmes as an OpenFisca tax-benefit system.

Same simplified logic as bangfu-rules/ and relief.zen.json (see README.md beside this file).

Modelling choices, as an OpenFisca user would make them:

* Two entities, ``Person`` and ``Household`` (roles ``applicant``, max 1, and ``member``). Incomes are
  person-level inputs summed with ``household.sum``: that is what OpenFisca is built for (survey data,
  one row per person), so members' incomes are not pre-summed by the loader. The applicant's work
  injury is a person-level fact and its subsidy a person-level variable. What describes the
  application as a whole (other income, rigid costs, income proof, the applicant's hukou and category,
  which decide the household's 低保 standard and hardship group) is household-level input.
* Money is held in integer **fen** (``value_type = int``). OpenFisca's ``float`` is float32 (about 7
  significant digits): a yearly household income such as 123456.78 yuan is not representable, so
  cents would drift. Integer fen with explicit half-up rounding keeps every amount exact, as in Bangfu
  and ZEN (decimal arithmetic). Parameters stay in yuan, as legislation writes them, and are turned
  into fen where read.
* One period, the assessment month (e.g. "2026-09"), for every variable. The profile gives one
  monthly income figure and yearly figures "for the 12 months before the assessment"; modelling
  income month by month (``definition_period = YEAR`` with ``set_input_divide_by_period``) would
  only spread the same number over 12 cells. Amounts that are yearly (the living relief) say so in
  their label.
* Parameters are an ordinary OpenFisca parameter tree (values dated, with references), built from
  a dict so that the model stays one file; the disability months are a ``single_amount`` scale by
  grade, the 低保 standard is indexed by the ``Hukou`` enum (vectorial parameter indexing).
"""

from __future__ import annotations

from fractions import Fraction

import numpy

from openfisca_core.entities import build_entity
from openfisca_core.indexed_enums import Enum
from openfisca_core.parameters import ParameterNode
from openfisca_core.periods import DateUnit
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

MONTH = DateUnit.MONTH

# ---------------------------------------------------------------- entities

Person = build_entity(
    key="person",
    plural="persons",
    label="申请人或共同生活的家庭成员",
    is_person=True,
)

Household = build_entity(
    key="household",
    plural="households",
    label="申请家庭（申请人和共同生活的家庭成员）",
    roles=[
        {"key": "applicant", "plural": "applicants", "label": "申请人", "max": 1},
        {"key": "member", "plural": "members", "label": "共同生活的家庭成员"},
    ],
)

# ---------------------------------------------------------------- parameters (yuan, dated)

_DIBAO_REF = "XX市民政局 XX市财政局《关于调整城乡最低生活保障标准的通知》（XX民发〔2023〕12号）"
_FUNDS = "《XX区总工会困难职工帮扶资金管理办法》（XX工发〔2020〕5号）"
_WARMTH = "《XX区总工会两节送温暖活动实施方案》（XX工发〔2020〕11号）"
_INJURY = "《工伤保险条例》（2010年修订）"

PARAMETERS = {
    "dibao": {
        "description": "最低生活保障标准（按申请人户籍）",
        "urban": {
            "description": "城市居民最低生活保障标准（城镇户籍适用）",
            "metadata": {"unit": "currency-CNY", "period": "month", "reference": _DIBAO_REF},
            "values": {"2023-07-01": {"value": 940}},
        },
        "rural": {
            "description": "农村居民最低生活保障标准（农村户籍适用）",
            "metadata": {"unit": "currency-CNY", "period": "month", "reference": _DIBAO_REF},
            "values": {"2023-07-01": {"value": 820}},
        },
    },
    "hardship": {
        "relative_ratio": {
            "description": "相对困难线（家庭月人均纯收入低于低保标准的倍数）",
            "metadata": {"unit": "/1",
                         "reference": "《XX区困难职工认定和建档管理办法》（XX工发〔2020〕4号）第六条"},
            "values": {"2020-07-01": {"value": 2.0}},
        },
    },
    "living_relief": {
        "months": {
            "description": "生活救助发放月数（按低保标准计，每年）",
            "deep": {"metadata": {"unit": "month", "reference": _FUNDS + "第十二条"},
                     "values": {"2020-07-01": {"value": 12}}},
            "relative": {"metadata": {"unit": "month", "reference": _FUNDS + "第十二条"},
                         "values": {"2020-07-01": {"value": 10}}},
        },
    },
    "festival_warmth": {
        "cash": {
            "description": "两节送温暖慰问金（每户每年一次）",
            "metadata": {"unit": "currency-CNY", "reference": _WARMTH + "第四条"},
            "values": {"2020-07-01": {"value": 2500}, "2025-01-01": {"value": 2500}},
        },
        "income_ratio": {
            "description": "慰问收入线（下岗失业、重病、工伤职工家庭月人均纯收入低于低保标准的倍数）",
            "metadata": {"unit": "/1", "reference": _WARMTH + "第三条第二款"},
            "values": {"2020-07-01": {"value": 2.5}},
        },
    },
    "work_injury": {
        "months": {
            "description": "一次性伤残补助金月数（按伤残等级）",
            "metadata": {"type": "single_amount", "threshold_unit": "grade", "amount_unit": "month",
                         "reference": _INJURY + "第三十五条、第三十六条、第三十七条"},
            "brackets": [
                {"threshold": {"2011-01-01": {"value": grade}}, "amount": {"2011-01-01": {"value": months}}}
                for grade, months in zip(range(1, 11), [27, 25, 23, 21, 18, 16, 13, 11, 9, 7])
            ] + [
                # above grade 10 there is no disability grade: no months
                {"threshold": {"2011-01-01": {"value": 11}}, "amount": {"2011-01-01": {"value": 0}}},
            ],
        },
        "average_wage": {
            "description": "统筹地区上年度职工月平均工资（本人工资的保底和封顶基数）",
            "metadata": {"unit": "currency-CNY", "period": "month",
                         "reference": "XX市人力资源和社会保障局 XX市统计局（XX人社发〔2025〕15号）"},
            "values": {"2025-07-01": {"value": 7000}},
        },
        "wage_floor": {
            "description": "本人工资保底比例（职工平均工资的倍数；未报本人工资的也按此计）",
            "metadata": {"unit": "/1", "reference": _INJURY + "第六十四条第二款"},
            "values": {"2011-01-01": {"value": 0.6}},
        },
        "wage_cap": {
            "description": "本人工资封顶比例（职工平均工资的倍数）",
            "metadata": {"unit": "/1", "reference": _INJURY + "第六十四条第二款"},
            "values": {"2011-01-01": {"value": 3.0}},
        },
    },
}

# ---------------------------------------------------------------- exact money helpers (fen)


def fen(yuan):
    """A yuan amount from the parameters (a float with at most two decimals, or an array of them) in fen."""
    return numpy.rint(numpy.asarray(yuan, dtype=numpy.float64) * 100).astype(numpy.int64)


def scale(amount, ratio):
    """amount (fen) × ratio (a parameter, at most 6 decimals), rounded half-up to the fen, exactly."""
    exact = Fraction(float(ratio)).limit_denominator(1_000_000)
    num, den = exact.numerator, exact.denominator
    return (2 * numpy.asarray(amount, dtype=numpy.int64) * num + den) // (2 * den)


def divide(amount, divisor):
    """amount ÷ divisor for non-negative amounts, rounded half-up to the fen (integer arithmetic only)."""
    amount = numpy.asarray(amount, dtype=numpy.int64)
    divisor = numpy.asarray(divisor, dtype=numpy.int64)
    return (2 * amount + divisor) // (2 * divisor)


# ---------------------------------------------------------------- enums


class Hukou(Enum):
    urban = "城镇户籍"
    rural = "农村户籍"


class ApplicantCategory(Enum):
    laid_off = "下岗失业职工"
    migrant = "进城务工农民工"
    serious_illness = "本人或家庭成员患重大疾病"
    work_injury = "工伤职工或工亡职工家属"
    model_worker = "困难劳动模范"
    elderly_disabled = "老弱病残职工"


class Recognition(Enum):
    not_applied = "未申请工伤认定"
    recognised = "已认定为工伤"
    pending = "正在认定"
    refused = "不予认定"


class HardshipTier(Enum):
    none = "不属于困难职工家庭"
    deep = "深度困难"
    relative = "相对困难"


# ---------------------------------------------------------------- inputs: persons


class monthly_income(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "月收入（分）：申请人的工资、养老金等；家庭成员的月收入"


class work_injured(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "因工受伤"


class work_injury_recognition(Variable):
    value_type = Enum
    possible_values = Recognition
    default_value = Recognition.not_applied
    entity = Person
    definition_period = MONTH
    label = "工伤认定结论"


class disability_grade(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "劳动能力鉴定伤残等级（1–10；0 为未鉴定）"


class average_monthly_wage(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "本人工资（受伤前12个月平均月缴费工资，分；0 为未报）"


# ---------------------------------------------------------------- inputs: households


class applicant_hukou(Variable):
    value_type = Enum
    possible_values = Hukou
    default_value = Hukou.urban
    entity = Household
    definition_period = MONTH
    label = "申请人户籍类型（决定适用的低保标准）"


class applicant_category(Variable):
    value_type = Enum
    possible_values = ApplicantCategory
    default_value = ApplicantCategory.laid_off
    entity = Household
    definition_period = MONTH
    label = "申请人类别（申请的主要困难原因）"


class other_yearly_income(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "家庭其他年收入（分，评估前12个月）"


class rigid_costs_medical(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "年刚性支出：医疗自付（分）"


class rigid_costs_disability(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "年刚性支出：残疾康复、护理（分）"


class rigid_costs_schooling(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "年刚性支出：非义务教育（分）"


class rigid_costs_housing(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "年刚性支出：住房（分）"


class rigid_costs_other(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "年刚性支出：其他必需支出（分）"


class income_proof_complete(Variable):
    value_type = bool
    entity = Household
    definition_period = MONTH
    label = "家庭收入证明材料齐全"


# ---------------------------------------------------------------- household figures


class household_size(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "共同生活家庭人口（含申请人）"

    def formula(household, period):
        return household.nb_persons()


class household_yearly_income(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "家庭年收入（分）= 申请人和家庭成员月收入 × 12 + 其他年收入"

    def formula(household, period):
        monthly = numpy.rint(household.sum(household.members("monthly_income", period))).astype(numpy.int64)
        return monthly * 12 + household("other_yearly_income", period)


class rigid_costs(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "家庭年刚性支出（分）"

    def formula(household, period):
        return (household("rigid_costs_medical", period) + household("rigid_costs_disability", period)
                + household("rigid_costs_schooling", period) + household("rigid_costs_housing", period)
                + household("rigid_costs_other", period))


class net_income_per_head(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "家庭月人均纯收入（分）= max(0, 年收入 − 年刚性支出) ÷ (12 × 人口)，四舍五入到分"

    def formula(household, period):
        net_yearly = numpy.maximum(
            0, household("household_yearly_income", period).astype(numpy.int64) - household("rigid_costs", period))
        return divide(net_yearly, 12 * household("household_size", period))


class dibao(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "适用的低保标准（分/月）：城镇户籍按城市标准，农村户籍按农村标准"

    def formula(household, period, parameters):
        return fen(parameters(period).dibao[household("applicant_hukou", period)])


class hardship_tier(Variable):
    value_type = Enum
    possible_values = HardshipTier
    default_value = HardshipTier.none
    entity = Household
    definition_period = MONTH
    label = "困难程度：不高于低保为深度困难，低于相对困难线为相对困难"

    def formula(household, period, parameters):
        net = household("net_income_per_head", period)
        line = household("dibao", period)
        relative_line = scale(line, parameters(period).hardship.relative_ratio)
        return numpy.select(
            [net <= line, net < relative_line],
            [HardshipTier.deep, HardshipTier.relative],
            HardshipTier.none,
        )


# ---------------------------------------------------------------- 生活救助


class living_relief_eligible(Variable):
    value_type = bool
    entity = Household
    definition_period = MONTH
    label = "生活救助：深度或相对困难，且收入证明材料齐全"

    def formula(household, period):
        return (household("hardship_tier", period) != HardshipTier.none) * household("income_proof_complete", period)


class living_relief(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "生活救助金（分，每年）= 低保标准 × 月数（深度 12，相对 10）"

    def formula(household, period, parameters):
        months = parameters(period).living_relief.months
        tier = household("hardship_tier", period)
        n = numpy.where(tier == HardshipTier.deep, months.deep, months.relative).astype(numpy.int64)
        return household("living_relief_eligible", period) * household("dibao", period) * n


# ---------------------------------------------------------------- 两节送温暖


class festival_warmth_eligible(Variable):
    value_type = bool
    entity = Household
    definition_period = MONTH
    label = "两节送温暖：困难职工家庭；或下岗失业、重病、工伤职工家庭月人均纯收入低于低保 2.5 倍"

    def formula(household, period, parameters):
        p = parameters(period).festival_warmth
        category = household("applicant_category", period)
        means_tested_group = ((category == ApplicantCategory.laid_off)
                              + (category == ApplicantCategory.serious_illness)
                              + (category == ApplicantCategory.work_injury))
        below_line = household("net_income_per_head", period) < scale(household("dibao", period), p.income_ratio)
        return (household("hardship_tier", period) != HardshipTier.none) + means_tested_group * below_line


class festival_warmth(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "两节送温暖慰问金（分，一次）"

    def formula(household, period, parameters):
        return household("festival_warmth_eligible", period) * fen(parameters(period).festival_warmth.cash)


# ---------------------------------------------------------------- 工伤帮扶


class work_injury_wage_base(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "一次性伤残补助金计算基数（分）：本人工资限于职工平均工资的 60%–300%，未报的按 60%"

    def formula(person, period, parameters):
        p = parameters(period).work_injury
        average = fen(p.average_wage)
        wage = person("average_monthly_wage", period)  # 0 when not reported: the floor applies
        return numpy.clip(wage, scale(average, p.wage_floor), scale(average, p.wage_cap))


class work_injury_eligible(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "工伤帮扶：因工受伤、已认定工伤、伤残一至十级"

    def formula(person, period):
        grade = person("disability_grade", period)
        return (person("work_injured", period)
                * (person("work_injury_recognition", period) == Recognition.recognised)
                * (grade >= 1) * (grade <= 10))


class work_injury_subsidy(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "应得一次性伤残补助金（分，一次，由工伤保险基金支付）= 计算基数 × 等级对应月数"

    def formula(person, period, parameters):
        months = parameters(period).work_injury.months.calc(person("disability_grade", period))
        months = numpy.rint(months).astype(numpy.int64)
        return person("work_injury_eligible", period) * person("work_injury_wage_base", period) * months


# ---------------------------------------------------------------- the system

VARIABLES = [
    monthly_income, work_injured, work_injury_recognition, disability_grade, average_monthly_wage,
    applicant_hukou, applicant_category, other_yearly_income, rigid_costs_medical, rigid_costs_disability,
    rigid_costs_schooling, rigid_costs_housing, rigid_costs_other, income_proof_complete,
    household_size, household_yearly_income, rigid_costs, net_income_per_head, dibao, hardship_tier,
    living_relief_eligible, living_relief, festival_warmth_eligible, festival_warmth,
    work_injury_wage_base, work_injury_eligible, work_injury_subsidy,
]


class ReliefTaxBenefitSystem(TaxBenefitSystem):
    """Bangfu's peer benchmark: 生活救助, 两节送温暖, 工伤帮扶 (simplified)."""

    def __init__(self):
        super().__init__([Person, Household])
        self.parameters = ParameterNode("", data=PARAMETERS)
        for variable in VARIABLES:
            self.add_variable(variable)
