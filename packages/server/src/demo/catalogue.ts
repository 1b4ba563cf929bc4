/** Korean names and products for realistic demo data. */
export const SURNAMES = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임', '한', '오', '서', '신', '권', '황', '안', '송', '류', '홍'];
export const GIVEN_NAMES = [
  '민준', '서연', '도윤', '서윤', '시우', '지우', '하준', '하은', '주원', '지민', '예준', '수아', '지호', '지유',
  '준서', '채원', '현우', '다은', '건우', '예린', '우진', '소율', '선우', '윤서', '길동', '영희', '철수', '은지',
];
export const COMPANY_NAMES = [
  '(주)한빛상사', '미래테크', '푸른숲유통', '다온커머스', '새봄에듀', '온누리물산', '코리아랩스', '별빛디자인',
  '하늘정보통신', '바른식품', '든든물류', '모두의헬스', '빛고을소프트', '청담스튜디오', '가람건설', '누리교육',
];

export interface CatalogueProduct {
  name: string;
  price: number;
  taxFree: boolean;
}

export const PRODUCTS: CatalogueProduct[] = [
  { name: '무선 블루투스 이어폰', price: 89000, taxFree: false },
  { name: '유기농 현미 10kg', price: 42000, taxFree: true },
  { name: '제주 감귤 5kg', price: 27900, taxFree: true },
  { name: '기계식 키보드 (갈축)', price: 129000, taxFree: false },
  { name: '스테인리스 텀블러 500ml', price: 18500, taxFree: false },
  { name: 'Premium Coffee Beans 1kg', price: 35000, taxFree: false },
  { name: '면 100% 반팔 티셔츠', price: 19900, taxFree: false },
  { name: '에어프라이어 5.5L', price: 99000, taxFree: false },
  { name: '국산 꿀 2.4kg', price: 58000, taxFree: true },
  { name: '요가 매트 8mm', price: 24900, taxFree: false },
  { name: 'USB-C 고속 충전기 65W', price: 39000, taxFree: false },
  { name: '어린이 영어 동화책 세트', price: 76000, taxFree: true },
  { name: '캠핑용 접이식 의자', price: 45000, taxFree: false },
  { name: '핸드드립 커피 세트', price: 54000, taxFree: false },
  { name: '한우 선물세트 1.2kg', price: 168000, taxFree: true },
  { name: 'Smart Watch SE', price: 329000, taxFree: false },
];

export interface SubscriptionPlan {
  name: string;
  price: number;
}

export const PLANS: SubscriptionPlan[] = [
  { name: '프리미엄 구독', price: 29000 },
  { name: '베이직 구독', price: 9900 },
  { name: '팀 플랜', price: 99000 },
  { name: '매일 샐러드 정기배송', price: 69000 },
  { name: 'Pro Plan', price: 49000 },
];

export const CARD_NAMES = ['신한카드', 'KB국민카드', '삼성카드', '현대카드', '롯데카드', '하나카드', '우리카드', 'BC카드', 'NH농협카드'];
export const PAYMENT_METHODS = ['카드', '카드', '카드', '계좌이체', '가상계좌', '카카오페이', '네이버페이', '토스페이'];
