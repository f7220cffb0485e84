import { ContentPage, contentPageLoader, contentPageMeta } from "~/components/ContentPage";

export const loader = contentPageLoader("barrierefreiheit");
export const meta = contentPageMeta;
export default ContentPage;
